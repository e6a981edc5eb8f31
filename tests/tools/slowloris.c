/*
 * slowloris PORT COUNT SECONDS: holds COUNT connections to the server on
 * loopback, spread over source addresses 127.0.0.2-127.0.0.201 (many
 * clients, as an attack would be), trickling one byte of a TLS record
 * every few seconds so none completes a handshake. Stops by itself after
 * SECONDS; prints how many it opened and how many the server cut.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_CONN 8192

static int
slow_connect(int port, int i)
{
	struct sockaddr_in src = { 0 }, dst = { 0 };
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	if (fd == -1)
		return -1;
	src.sin_family = dst.sin_family = AF_INET;
	src.sin_addr.s_addr = htonl(0x7f000002u + (uint32_t)(i % 200));
	dst.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	dst.sin_port = htons((uint16_t)port);
	if (bind(fd, (struct sockaddr *)&src, sizeof(src)) == -1 ||
	    connect(fd, (struct sockaddr *)&dst, sizeof(dst)) == -1) {
		close(fd);
		return -1;
	}
	return fd;
}

int
main(int argc, char *argv[])
{
	static int fds[MAX_CONN];
	struct rlimit rl;
	int port, count, secs, i, open_n = 0, cut = 0;
	time_t end;

	if (argc != 4)
		return fprintf(stderr, "usage: slowloris PORT COUNT SECONDS\n"), 2;
	port = atoi(argv[1]);
	count = atoi(argv[2]);
	secs = atoi(argv[3]);
	if (count < 1 || count > MAX_CONN || secs < 1 || secs > 600)
		return 2;
	getrlimit(RLIMIT_NOFILE, &rl);
	rl.rlim_cur = rl.rlim_max;
	setrlimit(RLIMIT_NOFILE, &rl);
	for (i = 0; i < count; i++)
		if ((fds[i] = slow_connect(port, i)) != -1)
			open_n++;
	printf("slowloris: %d of %d connections open\n", open_n, count);
	fflush(stdout);
	end = time(NULL) + secs;
	while (time(NULL) < end) {
		for (i = 0; i < count; i++) {
			/* one byte of a TLS handshake record header, never more */
			if (fds[i] != -1 && send(fds[i], "\x16", 1, MSG_NOSIGNAL) != 1) {
				close(fds[i]);
				fds[i] = -1;
				cut++;
			}
		}
		sleep(5);
	}
	printf("slowloris: %d connections cut by the server during the run\n", cut);
	return 0;
}
