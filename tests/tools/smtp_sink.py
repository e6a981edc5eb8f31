#!/usr/bin/python3
"""A loopback SMTP sink for the notifier's tests (Debian's python3-aiosmtpd).

smtp_sink.py PORT DIR: every accepted mail is written to DIR/NNNN.eml (the
raw message), DIR/NNNN.rcpt (its recipients) and DIR/NNNN.txt (subject and
body decoded, for reading). Recipients whose address starts with "refused"
get a permanent 550. While DIR/slow exists the sink records the mail and
then waits 4 s before answering 250: a client killed in that window has
had its mail delivered without learning so. With SINK_AUTH=user:password
in the environment the sink requires AUTH with exactly that pair.
"""
import asyncio
import email
import email.policy
import os
import signal
import sys
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult


class Sink:
    def __init__(self, outdir):
        self.outdir = outdir
        self.n = len([f for f in os.listdir(outdir) if f.endswith(".eml")])
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("refused"):
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.n += 1
            base = os.path.join(self.outdir, "%04d" % self.n)
        raw = envelope.original_content or envelope.content
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        text = "Subject: %s\n\n%s" % (msg["subject"], msg.get_content())
        for ext, data in ((".rcpt", "\n".join(envelope.rcpt_tos).encode()),
                          (".txt", text.encode()), (".eml", raw)):
            with open(base + ext + ".tmp", "wb") as f:
                f.write(data)
            os.rename(base + ext + ".tmp", base + ext)
        if os.path.exists(os.path.join(self.outdir, "slow")):
            await asyncio.sleep(4)
        return "250 OK"


class Auth:
    def __init__(self, pair):
        self.user, self.password = (x.encode() for x in pair.split(":", 1))

    def __call__(self, server, session, envelope, mechanism, auth_data):
        ok = (getattr(auth_data, "login", None) == self.user and
              getattr(auth_data, "password", None) == self.password)
        return AuthResult(success=ok, handled=False)


def main():
    port, outdir = int(sys.argv[1]), sys.argv[2]
    os.makedirs(outdir, exist_ok=True)
    kw = {}
    if os.environ.get("SINK_AUTH"):
        # plain text AUTH only because this is loopback inside a test
        kw = dict(authenticator=Auth(os.environ["SINK_AUTH"]), auth_required=True,
                  auth_require_tls=False)
    ctl = Controller(Sink(outdir), hostname="127.0.0.1", port=port, **kw)
    ctl.start()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *a: stop.set())
    signal.signal(signal.SIGINT, lambda *a: stop.set())
    stop.wait()
    ctl.stop()


if __name__ == "__main__":
    main()
