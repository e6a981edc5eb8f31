/*
 * The only script of the reporters' pages, and none of them needs it:
 * every form works the same with scripts off. On a report form it
 * - warns before the page is left once something was typed (the
 *   browser's own question; not when the form itself is sent, reviewed
 *   or switched to the other language), and always on the review page,
 *   whose answers exist nowhere else;
 * - lists the files chosen, with their sizes, under the file input, and
 *   takes back a file over the server's limits before it is uploaded,
 *   saying why. The server checks every limit again.
 * Its words come from the page (data- attributes, in the page's
 * language); it sends nothing and keeps nothing.
 */
(function () {
	'use strict';

	/* As the review page writes sizes: rounded up, never understated. */
	function size(b) {
		var mb = 1024 * 1024, tenths;

		if (b < 1024)
			return b + ' B';
		if (b < mb)
			return Math.ceil(b / 1024) + ' KB';
		tenths = Math.ceil(b * 10 / mb);
		return Math.floor(tenths / 10) + '.' + (tenths % 10) + ' MB';
	}

	function fill(text, values) {
		return text.replace(/\{(name|size|limit)\}/g, function (m, k) {
			return values[k];
		});
	}

	function guard(form) {
		var dirty = form.hasAttribute('data-unsent');

		form.addEventListener('input', function () { dirty = true; });
		form.addEventListener('change', function () { dirty = true; });
		form.addEventListener('submit', function () { dirty = false; });
		window.addEventListener('beforeunload', function (e) {
			if (!dirty)
				return;
			e.preventDefault();
			e.returnValue = '';
		});
	}

	/* The files that fit, and a sentence for each one that does not. */
	function sortFiles(input, max, maxAll) {
		var keep = [], refused = [], total = 0, i, f;

		for (i = 0; i < input.files.length; i++) {
			f = input.files[i];
			if (f.size > max)
				refused.push(fill(input.getAttribute('data-toobig'),
				    { name: f.name, size: size(f.size), limit: size(max) }));
			else if (total + f.size > maxAll)
				refused.push(fill(input.getAttribute('data-total'),
				    { name: f.name, size: size(total + f.size),
				    limit: size(maxAll) }));
			else {
				keep.push(f);
				total += f.size;
			}
		}
		return { keep: keep, refused: refused };
	}

	/* Only the files that fit stay chosen (all go where that cannot be done). */
	function keepOnly(input, keep) {
		var dt, i;

		try {
			dt = new DataTransfer();
			for (i = 0; i < keep.length; i++)
				dt.items.add(keep[i]);
			input.files = dt.files;
			return keep;
		} catch (e) {
			input.value = '';
			return [];
		}
	}

	function showFiles(input, box, err) {
		var max = Number(input.getAttribute('data-max'));
		var maxAll = Number(input.getAttribute('data-maxall'));
		var r = sortFiles(input, max, maxAll), keep = r.keep, ul, li, i;

		if (r.refused.length > 0)
			keep = keepOnly(input, keep);
		err.textContent = r.refused.join(' ');
		err.hidden = r.refused.length === 0;
		box.textContent = '';
		box.hidden = keep.length === 0;
		if (keep.length === 0)
			return;
		li = document.createElement('p');
		li.className = 'hint';
		li.textContent = input.getAttribute('data-chosen');
		box.appendChild(li);
		ul = document.createElement('ul');
		ul.className = 'files';
		for (i = 0; i < keep.length; i++) {
			li = document.createElement('li');
			li.textContent = keep[i].name + ' (' + size(keep[i].size) + ')';
			ul.appendChild(li);
		}
		box.appendChild(ul);
	}

	function files(input) {
		var box = document.createElement('div');
		var err = document.createElement('p');

		box.id = input.id + '-chosen';
		box.setAttribute('aria-live', 'polite');
		box.hidden = true;
		err.id = input.id + '-refused';
		err.className = 'error';
		err.setAttribute('role', 'alert');
		err.hidden = true;
		input.parentNode.insertBefore(err, input.nextSibling);
		input.parentNode.insertBefore(box, input.nextSibling);
		input.addEventListener('change', function () {
			showFiles(input, box, err);
		});
	}

	var i, l;

	l = document.querySelectorAll('form[data-guard]');
	for (i = 0; i < l.length; i++)
		guard(l[i]);
	l = document.querySelectorAll('input[type=file][data-max][data-maxall]');
	for (i = 0; i < l.length; i++)
		files(l[i]);
}());
