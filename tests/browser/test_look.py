"""Layout in a real browser: dark mode, phone width, print; screenshots for people to look at."""
import re
import struct
import zlib
from collections import Counter

import pytest

pytestmark = pytest.mark.browser

SHOTS = {"home": "", "chapter": "chapters/return-to-russia/", "person": "people/bukharin/",
         "timeline": "timeline/"}


def background(page) -> str:
    return page.evaluate("getComputedStyle(document.body).backgroundColor")


def test_dark_mode_follows_the_system(new_page, base_url):
    light, dark = new_page(color_scheme="light"), new_page(color_scheme="dark")
    for page in (light, dark):
        page.goto(base_url + "people/trotsky/")
    assert background(light) != background(dark)
    text = dark.evaluate("getComputedStyle(document.body).color")
    assert text != light.evaluate("getComputedStyle(document.body).color")


def test_no_horizontal_scroll_at_phone_width(new_page, base_url, html_pages):
    page = new_page(width=390, height=844, is_mobile=True, has_touch=True)
    too_wide = []
    for path in html_pages:
        page.goto(base_url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 390:
            too_wide.append((path, width))
    assert not too_wide


def test_print_hides_navigation_and_shows_link_targets(page, base_url):
    page.goto(base_url + "chapters/return-to-russia/")
    page.emulate_media(media="print")
    for selector in (".site-header", ".breadcrumbs", ".pager", ".site-footer", ".toc"):
        assert page.locator(selector).first.is_hidden(), selector
    after = page.evaluate("getComputedStyle(document.querySelector('.prose a.xref'), '::after').content")
    assert page.locator(".prose a.xref").first.get_attribute("href") in after   # links are relative to the page
    assert page.locator(".os").first.is_visible(), "both date styles are kept on paper"


def png_pixels(data: bytes) -> list[tuple[int, int, int]]:
    """The RGB pixels of an 8-bit, non-interlaced RGB or RGBA PNG (what Chromium's screenshots are)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, at = {}, 8
    while at < len(data):
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        chunks[kind] = chunks.get(kind, b"") + data[at + 8:at + 8 + length]
        at += 12 + length
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", chunks[b"IHDR"])
    assert depth == 8 and colour in (2, 6) and not interlace, "an 8-bit RGB(A) screenshot"
    size = 3 if colour == 2 else 4
    raw, stride, previous, pixels = zlib.decompress(chunks[b"IDAT"]), width * size, bytearray(width * size), []
    for row in range(height):
        kind, line = raw[row * (stride + 1)], bytearray(raw[row * (stride + 1) + 1:(row + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - size] if i >= size else 0
            up, corner = previous[i], previous[i - size] if i >= size else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                guess = left + up - corner
                nearest = min((abs(guess - left), 0, left), (abs(guess - up), 1, up), (abs(guess - corner), 2, corner))
                line[i] = (line[i] + nearest[2]) & 255
        pixels += [tuple(line[i:i + 3]) for i in range(0, stride, size)]
        previous = line
    return pixels


def rgb(css: str) -> tuple[int, int, int]:
    return tuple(int(float(n)) for n in re.findall(r"[\d.]+", css)[:3])


def luminance(colour) -> float:
    """WCAG relative luminance."""
    def channel(c):
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def drawn(page, clip: dict) -> list[tuple[int, int, int]]:
    return png_pixels(page.screenshot(clip=clip, animations="disabled"))


# Measured in the page: the layout facts a broken stylesheet gets wrong.
LAYOUT = """() => {
  const box = el => { const r = el.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  const visible = el => !!el && el.offsetParent !== null && getComputedStyle(el).visibility !== 'hidden';
  const header = document.querySelector('.site-header');
  const links = [...document.querySelectorAll('.site-nav a')];
  const h1 = document.querySelector('main h1');
  const text = document.querySelector('main .prose p') || document.querySelector('main .intro');
  const style = getComputedStyle(text || document.body);
  const ctx = document.createElement('canvas').getContext('2d');
  ctx.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  const sample = text ? text.textContent.replace(/\\s+/g, ' ').trim() : 'x';
  return {
    scrollWidth: document.documentElement.scrollWidth, innerWidth: innerWidth,
    header: visible(header) ? box(header) : null,
    nav: links.map(a => visible(a) ? box(a) : null),
    h1: h1 && visible(h1) ? box(h1) : null,
    background: getComputedStyle(document.body).backgroundColor,
    color: style.color, fontSize: parseFloat(style.fontSize), lineHeight: parseFloat(style.lineHeight),
    textWidth: text ? text.clientWidth : null, charWidth: ctx.measureText(sample).width / sample.length,
  };
}"""


@pytest.mark.parametrize("width", [390, 1280])
def test_screenshots(new_page, base_url, artifacts, width):
    """Each page in light and dark, at phone and desktop width: saved for people to look at, and checked for
    what a broken stylesheet would get wrong (colours as drawn, overflow, header, the text column)."""
    drawn_background = {}
    for scheme in ("light", "dark"):
        page = new_page(width=width, height=900, color_scheme=scheme)
        for name, path in SHOTS.items():
            page.goto(base_url + path)
            page.screenshot(path=str(artifacts / f"{name}-{width}-{scheme}.png"), full_page=True, timeout=60_000)
            where = f"{name} at {width}px, {scheme}"
            facts = page.evaluate(LAYOUT)
            assert facts["scrollWidth"] <= facts["innerWidth"] == width, f"{where}: scrolls sideways: {facts}"
            assert facts["header"] and facts["header"][1] <= 1 and facts["header"][3] > 20, f"{where}: no header on top"
            assert facts["nav"] and all(b and 0 <= b[0] and b[2] <= width and b[3] > b[1] for b in facts["nav"]), \
                f"{where}: a main navigation link is hidden or off screen: {facts['nav']}"
            assert facts["h1"] and 0 <= facts["h1"][0] and facts["h1"][2] <= width, f"{where}: no visible h1"
            assert 16 <= facts["fontSize"] <= 24 and 1.3 <= facts["lineHeight"] / facts["fontSize"] <= 2, \
                f"{where}: body text {facts['fontSize']}px on {facts['lineHeight']}px lines"
            if facts["textWidth"] is not None:     # the running text of the page: a comfortable measure
                chars = facts["textWidth"] / facts["charWidth"]
                assert (30 if width < 600 else 45) <= chars <= 100, f"{where}: {chars:.0f} characters a line"
            background, text = rgb(facts["background"]), rgb(facts["color"])
            assert contrast(background, text) >= 4.5, f"{where}: body text {text} on {background} (WCAG AA)"
            # As drawn: the left margin is the page's background, and the heading's glyphs stand out from it.
            margin = Counter(drawn(page, {"x": 0, "y": 300, "width": 12, "height": 300})).most_common(1)[0][0]
            assert margin == background, f"{where}: margin drawn {margin}, the stylesheet says {background}"
            left, top, right, bottom = facts["h1"]
            glyphs = drawn(page, {"x": left, "y": top, "width": min(right - left, 300), "height": bottom - top})
            assert max(contrast(margin, pixel) for pixel in glyphs) >= 4.5, f"{where}: the h1 is not drawn legibly"
            drawn_background.setdefault(scheme, set()).add(margin)
    light, dark = drawn_background["light"], drawn_background["dark"]
    assert all(luminance(c) > 0.8 for c in light) and all(luminance(c) < 0.1 for c in dark), (light, dark)
