#!/usr/bin/env python3
"""Lists the forms of a page for scripts/sqlmap.sh: one line per form,
METHOD<TAB>ACTION<TAB>urlencoded fields (default values, or "1"). Forms
with no field but the CSRF token, and the ones that end the session
(sign-out, the staff two-factor steps), are left out."""
import sys, urllib.parse
from html.parser import HTMLParser

SKIP = ("/logout", "/sign-out-others", "/two-factor")

class Forms(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms, self.cur = [], None
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.cur = {"method": (a.get("method") or "get").upper(), "action": a.get("action") or "", "fields": {}}
        elif self.cur is not None and tag in ("input", "select", "textarea") and a.get("name"):
            if a.get("type") in ("submit", "button", "file"):
                return
            self.cur["fields"].setdefault(a["name"], a.get("value") or "1")
    def handle_endtag(self, tag):
        if tag == "form" and self.cur is not None:
            self.forms.append(self.cur)
            self.cur = None

page_path = sys.argv[1]
p = Forms()
p.feed(sys.stdin.read())
for f in p.forms:
    action = f["action"] or page_path
    fields = {k: v for k, v in f["fields"].items() if k not in ("csrf_token",)}
    if not action.startswith("/") or not fields or any(action.endswith(s) or s + "/" in action for s in SKIP):
        continue
    f["fields"].setdefault("csrf_token", "x")
    print(f"{f['method']}\t{action}\t{urllib.parse.urlencode(f['fields'])}")
