#!/usr/bin/env python3
"""Hostile and absurd pages through the real winnow binary, under a time limit.

Usage: pathological.py PATH_TO_WINNOW [--timeout S] [--only SUBSTRING]
                                      [--max-ratio R]

Every case is generated here, in memory (nothing large lives in the
repository), and piped to the binary on stdin.  A case fails when the
process is killed by a signal, runs past the time limit, or exits with a
status other than 0 (an article) or 1 (no article found, or the input
could not be decoded: documented in `winnow --help`).

The table gives, per case: input MB, wall seconds, MB/s, exit status, and
the time per MB relative to ordinary pages ("x ref": 1.0 means as fast per
byte as ordinary article pages; both sides net of the process start-up,
measured on an empty input).  The ratio is only shown for inputs of 1 MB
and more, where start-up does not dominate.  --max-ratio R also fails the
run when a case of 1 MB or more is more than R times slower per MB than
the reference (off by default: wall times are noisy on shared machines).

Python 3 standard library only.
"""

import argparse
import gzip
import os
import random
import signal
import subprocess
import sys
import time
import zlib

MB = 1 << 20


# --- pages -----------------------------------------------------------------

WORDS = (
    "the of and to in a is that for it as was with be by on not he this are "
    "or his from at which but have an they you were her she there been one "
    "all we their has would when if so no will more can about said out up "
    "report council river station winter market season village research"
).split()


def sentence(rng, n):
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def article_page(seed=1, paragraphs=300, repeat=1):
    """An ordinary news page: head with scripts and styles, navigation,
    an article of paragraphs, related links, footer.  About 100 KB."""
    rng = random.Random(seed)
    head = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        "<title>Council approves new river station plan</title>",
        '<meta name="viewport" content="width=device-width">',
        '<link rel="stylesheet" href="/static/site.css">',
        "<style>" + "".join(".c%d{margin:%dpx;color:#%06x}" % (i, i % 9, i * 4099 % 0xFFFFFF)
                            for i in range(150)) + "</style>",
        "<script>" + "".join("window.cfg%d={a:%d,b:'x<y'};" % (i, i) for i in range(200))
        + "</script>",
        '<script type="application/ld+json">{"@type":"NewsArticle",'
        '"headline":"Council approves new river station plan"}</script>',
        "</head><body>",
        '<header class="site"><nav><ul>'
        + "".join('<li><a href="/s/%d">Section %d</a></li>' % (i, i) for i in range(12))
        + "</ul></nav></header>",
    ]
    body = []
    for r in range(repeat):
        body.append('<main><article class="story"><h1>Council approves new river station plan</h1>')
        body.append('<p class="byline">By A. Writer, <time>2024-05-01</time></p>')
        for i in range(paragraphs):
            text = " ".join(sentence(rng, rng.randint(8, 20)) for _ in range(rng.randint(2, 5)))
            if i % 7 == 3:
                text += ' See <a href="/more/%d">more</a> and <b>this</b>.' % i
            body.append("<p>%s</p>" % text)
            if i % 40 == 20:
                body.append('<figure><img src="/img/%d.jpg" alt="photo"><figcaption>%s</figcaption></figure>'
                            % (i, sentence(rng, 6)))
                body.append('<svg viewBox="0 0 24 24"><path d="M12 2L2 7l10 5 10-5-10-5z"/></svg>')
        body.append('</article><aside><h2>Related</h2><ul>'
                    + "".join('<li><a href="/r/%d">%s</a></li>' % (i, sentence(rng, 5)) for i in range(10))
                    + "</ul></aside></main>")
    tail = ['<footer><p>&copy; 2024 The Paper</p><!-- footer -->',
            '<script async src="/static/app.js"></script></footer></body></html>']
    return "\n".join(head + body + tail).encode("utf-8")


def rep(s, n):
    return s * n


def attrs_page(n):
    parts = [b"<div"]
    parts += [b' a%d="%d"' % (i, i) for i in range(n)]
    parts.append(b">some text in the element</div>")
    return b"".join(parts)


def distinct_formatting(n):
    return b"".join(b'<p><b id="%d">x</p>' % i for i in range(n))


def gzip_bomb(total):
    """total bytes of paragraphs, gzip-compressed, built in chunks."""
    chunk = rep(b"<p>aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa</p>\n", 24000)  # ~1 MB
    c = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    out = []
    done = 0
    while done < total:
        out.append(c.compress(chunk))
        done += len(chunk)
    out.append(c.flush())
    return b"".join(out)


def cases():
    """(name, bytes, extra arguments[, allowed exit statuses]).  Generated
    lazily: the big ones take a moment to build."""
    page = article_page()
    rnd = random.Random(20240501)
    yield "empty input", b"", []
    yield "whitespace only", rep(b" \t\r\n", MB // 4), []
    yield "random bytes (1 MB)", rnd.randbytes(MB), []
    yield "NUL bytes (1 MB)", rep(b"\0", MB), []
    yield "NULs in markup", rep(b"<di\0v>a\0b<p\0>c</p>\0", 60000), []
    yield "invalid UTF-8", rep(b"<p>\xff\xfe\xc0\x80\xed\xa0\x80 \xf4\x90\x80\x80 text \xe2\x82</p>", 40000), []
    yield "100,000 nested <div>", rep(b"<div>", 100000) + b"deep text" + rep(b"</div>", 100000), []
    yield "1,000,000 nested <div>", rep(b"<div>", 1000000) + b"deep text", []
    yield "500,000 unclosed <div><span>x", rep(b"<div><span>x", 500000), []
    yield "200,000 unclosed <b>", rep(b"<b>", 200000) + b"bold text", []
    yield "20,000 nested tables", rep(b"<table><tr><td>", 20000) + b"cell", []
    yield "misnested <b><i><a><p> x100,000", rep(b"<b><i><a><p>", 100000), []
    yield "distinct <p><b id=N>x</p> x100,000", distinct_formatting(100000), []
    # Gumbo re-opens formatting left open in a closed block before every
    # later text run: 8 of them (the pre-pass's cap) would make 9 elements
    # of each <p>x</p>; past a budget of such clones the pre-pass ends them.
    yield "8 formatting left open, <p>x</p> x200,000", (b"<p><b><i><u><s><em><tt><code><strong>x</p>"
                                                        + rep(b"<p>x</p>", 200000)), []
    yield "<p>x x300,000", rep(b"<p>x", 300000), []
    yield "200,000 attributes on one tag", attrs_page(200000), []
    yield "4,000 tags x 256 attributes", rep(attrs_page(256), 4000), []
    yield "16 MB attribute value", b'<p><a title="' + rep(b"v", 16 * MB) + b'">link</a> text</p>', []
    yield "32 MB text node", b"<p>" + rep(b"word ", 32 * MB // 5) + b"</p>", []
    yield "200,000 paragraphs", b"".join(b"<p>Paragraph %d of a long page.</p>\n" % i
                                         for i in range(200000)), []
    yield "unclosed comment", b"<p>before</p><!--" + rep(b"<p>hidden -- text</p>", 50000), []
    # raw text with no end tag is ended by the pre-pass where markup
    # follows: each must be searched once, not to the end of input again
    yield "unclosed <title> into markup x500,000", rep(b"<title>t\n<b>x", 500000), []
    yield "unclosed <script> x500,000", rep(b"<script>a<i>x", 500000), []
    yield "script-only page", b"<script>" + rep(b"var a = '<div>' + x < y; // </scrip\n", 30000) + b"</script>", []
    yield "entities &#0;", b"<p>" + rep(b"&#0;", 270000) + b"</p>", []
    yield "entities &#xD800;", b"<p>" + rep(b"&#xD800;&#xDFFF;", 70000) + b"</p>", []
    yield "entities &#99999999999;", b"<p>" + rep(b"&#99999999999;&#x110000;", 45000) + b"</p>", []
    yield "entities named and broken", b"<p>" + rep(b"&amp;&nbsp;&notin;&noti&unknown;&#;&#x;& ", 27000) + b"</p>", []
    yield "deep SVG", rep(b"<svg><g>", 150000) + b"<text>x</text>", []
    yield "deep MathML", rep(b"<math><mrow><mi>", 100000) + b"x", []
    yield "deep SVG foreignObject", rep(b"<svg><foreignObject><div>", 50000) + b"x", []
    yield "frameset", rep(b"<frameset><frame src=a>", 100000), []
    yield "template", rep(b"<template><p>", 100000) + b"x", []
    yield "templates in tables", rep(b"<table><template><tr><td>", 50000) + b"x", []
    yield "UTF-16LE with BOM", b"\xff\xfe" + page.decode("utf-8").encode("utf-16-le"), []
    yield "UTF-16BE with BOM", b"\xfe\xff" + page.decode("utf-8").encode("utf-16-be"), []
    yield "bogus <meta charset>", page.replace(b'charset="utf-8"', b'charset="x-no-such-charset-42"'), []
    # an unknown label on the command line may be refused as a usage error
    yield "bogus --charset label", page, ["--charset", "no-such-charset-42"], (0, 1, 2)
    gz = gzip.compress(page)
    yield "truncated gzip", gz[: len(gz) // 2], []
    yield "gzip header only", gz[:10], []
    yield "gzip bomb (256 MB, --max-bytes 16M)", gzip_bomb(256 * MB), ["--max-bytes", str(16 * MB)]
    yield "deep page, Markdown", rep(b"<div><ul><li><blockquote><p>", 40000) + b"x", ["--format", "markdown"]
    yield "deep page, JSON", rep(b"<div><table><tr><td><b>", 40000) + b"x", ["--format", "json"]
    # --max-time: the page is given up (status 1) soon after its CPU time
    # runs out, in the parser's hot loops too
    yield "32 MB text node, --max-time 0.1", b"<p>" + rep(b"word ", 32 * MB // 5) + b"</p>", ["--max-time", "0.1"]
    yield "misnested x100,000, --max-time 0.1", rep(b"<b><i><a><p>", 100000), ["--max-time", "0.1"]


# --- running ---------------------------------------------------------------

def run(binary, data, args, timeout):
    t0 = time.perf_counter()
    try:
        p = subprocess.run([binary] + args, input=data, stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, timeout=timeout)
    except subprocess.TimeoutExpired:
        return time.perf_counter() - t0, None, b""
    return time.perf_counter() - t0, p.returncode, p.stderr


def status_text(rc):
    if rc is None:
        return "TIMEOUT"
    if rc < 0:
        try:
            return "signal %s" % signal.Signals(-rc).name
        except ValueError:
            return "signal %d" % -rc
    return str(rc)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("winnow")
    ap.add_argument("--timeout", type=float, default=20.0)
    ap.add_argument("--only", default=None, help="run cases whose name contains this")
    ap.add_argument("--max-ratio", type=float, default=None)
    a = ap.parse_args()
    if not os.access(a.winnow, os.X_OK):
        print("pathological: %s is not an executable" % a.winnow, file=sys.stderr)
        return 2

    # Baseline: process start-up (empty input), then ordinary pages.
    startup = min(run(a.winnow, b"", [], a.timeout)[0] for _ in range(5))
    ref1 = article_page()
    ref10 = article_page(repeat=60)
    t_ref1 = min(run(a.winnow, ref1, [], a.timeout)[0] for _ in range(10))
    t_ref10 = min(run(a.winnow, ref10, [], a.timeout)[0] for _ in range(3))
    ref_spmb = max(t_ref10 - startup, 1e-6) / (len(ref10) / MB)

    rows, failures = [], []
    row_fmt = "%-38s %9s %8s %9s %10s %7s"
    print(row_fmt % ("case", "input MB", "seconds", "MB/s", "exit", "x ref"))
    print(row_fmt % ("-" * 38, "-" * 8, "-" * 7, "-" * 8, "-" * 9, "-" * 6))

    def line(name, size, secs, rc, ratio):
        mbs = size / MB / secs if secs > 0 and size else 0.0
        print(row_fmt % (name[:38], "%.2f" % (size / MB), "%.3f" % secs,
                         "%.1f" % mbs if size else "-", status_text(rc),
                         "%.1f" % ratio if ratio is not None else "-"), flush=True)

    line("(start-up: empty input, best of 5)", 0, startup, 0, None)
    line("reference page (%d KB, best of 10)" % (len(ref1) // 1024), len(ref1), t_ref1, 0, None)
    line("reference pages (%.0f MB, best of 3)" % (len(ref10) / MB), len(ref10), t_ref10, 0, 1.0)

    total0 = time.perf_counter()
    for case in cases():
        name, data, args = case[:3]
        allowed = case[3] if len(case) > 3 else (0, 1)
        if a.only and a.only not in name:
            continue
        secs, rc, err = run(a.winnow, data, args, a.timeout)
        ratio = None
        if len(data) >= MB and rc is not None:
            ratio = max(secs - startup, 0.0) / (len(data) / MB) / ref_spmb
        line(name, len(data), secs, rc, ratio)
        rows.append((name, len(data), secs, rc))
        if rc is None or rc < 0 or rc not in allowed:
            msg = err.decode("utf-8", "replace").strip().splitlines()
            failures.append("%s: %s%s" % (name, status_text(rc), (" (" + msg[-1] + ")") if msg else ""))
        elif a.max_ratio is not None and ratio is not None and ratio > a.max_ratio:
            failures.append("%s: %.1f times slower per MB than ordinary pages" % (name, ratio))

    print("\n%d cases in %.1f s; ordinary pages: %.1f MB/s (net of start-up %.3f s)"
          % (len(rows), time.perf_counter() - total0, 1.0 / ref_spmb, startup))
    if failures:
        print("\nFAILED:")
        for f in failures:
            print("  " + f)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
