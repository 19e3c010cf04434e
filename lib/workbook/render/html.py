"""Executed notebook → one self-contained HTML page, with one long-lived nbconvert exporter.

The page uses the workbook's own template (``templates/workbook/index.html.j2``), not
nbconvert's stock ones, which load require.js, MathJax and widget scripts from a CDN. It shows
no code, puts the company's name in the title, inlines its stylesheet (with print rules) and
draws every chart as inline SVG: :class:`ChartsToSVG` converts each output's Vega-Lite spec with
``vl_convert.vegalite_to_svg`` in this process. The page carries a Content-Security-Policy that
allows no script and no request at all, and :func:`audit` refuses a page that would still refer
to anything outside itself or contain active content (a library that forgot to escape data makes
its render fail instead of shipping a page that runs it).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import nbformat
import vl_convert
from nbconvert.exporters import HTMLExporter
from nbconvert.preprocessors import Preprocessor
from traitlets.config import Config

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
TEMPLATE_NAME = "workbook"
VEGALITE_MIME = re.compile(r"application/vnd\.vegalite\.v(\d+)(\.\d+)?\+json")
#: The page's policy: styles inline, images only as data: URLs, nothing else, ever.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "base-uri 'none'; form-action 'none'"
)
#: Output types shown, best first (charts become SVG; nothing that needs a script).
DISPLAY_PRIORITY = [
    "image/svg+xml",
    "image/png",
    "image/jpeg",
    "text/html",
    "text/markdown",
    "text/latex",
    "text/plain",
]


class ChartsToSVG(Preprocessor):
    """Replace every Vega-Lite output (and its PNG fallback) with an inline SVG of the chart."""

    def preprocess(self, nb: Any, resources: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
        self._count = 0
        return super().preprocess(nb, resources)

    def preprocess_cell(
        self, cell: Any, resources: dict[str, Any], index: int
    ) -> tuple[Any, dict[str, Any]]:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            mime = next((key for key in data if VEGALITE_MIME.fullmatch(key)), None)
            if mime is None:
                continue
            self._count += 1
            spec = data[mime]
            label = _chart_label(spec, data.get("text/plain", ""))
            svg = vl_convert.vegalite_to_svg(vl_spec=spec, vl_version=_vl_version(spec))
            output["data"] = {
                "image/svg+xml": prepare_svg(svg, f"chart{self._count}", label),
                "text/plain": label,
            }
            output.setdefault("metadata", {})["workbook_chart"] = {"label": label}
        return cell, resources


def _vl_version(spec: dict[str, Any]) -> str | None:
    """vl-convert names Vega-Lite versions by major.minor ("6.4"); take it from ``$schema``
    (None: vl-convert's default)."""
    match = re.search(r"/v(\d+)\.(\d+)(?:\.\d+)?\.json$", str(spec.get("$schema", "")))
    return f"{match[1]}.{match[2]}" if match else None


def _chart_label(spec: dict[str, Any], plain: str | list[str]) -> str:
    title = spec.get("title")
    if isinstance(title, dict):
        title = title.get("text")
    if isinstance(title, list):
        title = " ".join(map(str, title))
    if title:
        return str(title)
    text = "".join(plain) if isinstance(plain, list) else str(plain)
    return text.strip().removeprefix("<Chart: ").removeprefix("<Chart").rstrip(">").strip()


_ROOT_SVG = re.compile(r"<svg\b[^>]*>")
_NAMESPACE_ATTRIBUTE = re.compile(r'\s+xmlns(?::\w+)?="[^"]*"')
_ID = re.compile(r'\bid="([^"]+)"')


def prepare_svg(svg: str, prefix: str, label: str) -> str:
    """Make an SVG document safe to inline several times in one HTML page: drop the XML
    namespace declarations (HTML parsing supplies them), prefix every id and every reference to
    it (vega names clip paths ``clip1`` in each chart), and label it for screen readers."""
    ids = _ID.findall(svg)
    for name in sorted(set(ids), key=len, reverse=True):
        new = f"{prefix}-{name}"
        svg = (
            svg.replace(f'id="{name}"', f'id="{new}"')
            .replace(f"url(#{name})", f"url(#{new})")
            .replace(f'href="#{name}"', f'href="#{new}"')
        )
    root = _ROOT_SVG.search(svg)
    if root is None:
        return svg
    tag = _NAMESPACE_ATTRIBUTE.sub("", root.group(0))
    escaped = label.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    tag = tag[:-1].rstrip("/") + f' role="img" aria-label="{escaped}">'
    return svg[: root.start()] + tag + svg[root.end() :]


class WorkbookExporter(HTMLExporter):
    """nbconvert's HTML exporter without its final BeautifulSoup pass, which re-parses the
    whole page to add tabindex and alt attributes to the stock template's markup (the workbook
    template writes its own) and costs about as much as rendering the page."""

    def from_notebook_node(
        self, nb: Any, resources: dict[str, Any] | None = None, **kw: Any
    ) -> tuple[str, dict[str, Any]]:
        from nbconvert.exporters.templateexporter import TemplateExporter
        from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

        resources = self._init_resources(resources)
        self.register_filter(
            "filter_data_type",
            WidgetsDataTypeFilter(
                notebook_metadata=self._nb_metadata, parent=self, resources=resources
            ),
        )
        return TemplateExporter.from_notebook_node(self, nb, resources, **kw)


def make_exporter() -> HTMLExporter:
    """The HTML exporter with the workbook template: no input, no prompts, charts as SVG."""
    config = Config()
    config.NbConvertBase.display_data_priority = DISPLAY_PRIORITY
    exporter = WorkbookExporter(
        config=config,
        template_name=TEMPLATE_NAME,
        extra_template_basedirs=[str(TEMPLATES_DIR)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        exclude_anchor_links=True,
        anchor_link_text="",
    )
    exporter.register_preprocessor(ChartsToSVG(), enabled=True)
    return exporter


_exporter: HTMLExporter | None = None


def exporter() -> HTMLExporter:
    """This process's exporter, created on first use (templates compiled once)."""
    global _exporter
    if _exporter is None:
        _exporter = make_exporter()
    return _exporter


def to_html(nb: Any, page: dict[str, Any]) -> str:
    """Convert an executed notebook to the page. ``page`` holds ``company`` (display name),
    ``title`` (the assessment's), ``pages`` ([{"title", "href", "current"}] for navigation)
    and ``source`` (the executed notebook's file name, linked from the footer)."""
    nb = nbformat.from_dict(nb) if not isinstance(nb, nbformat.NotebookNode) else nb
    resources = {"workbook": {**page, "csp": CONTENT_SECURITY_POLICY}}
    # The exporter works on a deep copy: the caller's notebook keeps its specs and PNGs.
    body, _ = exporter().from_notebook_node(nb, resources=resources)
    return body


# -- audit ----------------------------------------------------------------------------------------

_ACTIVE_TAGS = {"script", "iframe", "frame", "object", "embed", "applet", "base", "form", "portal"}
_URL_ATTRIBUTES = {
    "src",
    "href",
    "xlink:href",
    "srcset",
    "action",
    "formaction",
    "poster",
    "data",
    "background",
    "ping",
    "manifest",
    "codebase",
}
_CSS_URL = re.compile(r"url\(\s*['\"]?\s*(?!#|data:)|@import", re.IGNORECASE)
#: References a page element may hold: a fragment (``#id``) of the page itself.
_SAFE_LINK = re.compile(r"^#[\w:.-]+$")


class _Auditor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.findings: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._check(tag, attrs)
        self._in_style = tag == "style"

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._check(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style and _CSS_URL.search(data):
            self.findings.append("a stylesheet loads a URL")

    def _check(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _ACTIVE_TAGS:
            self.findings.append(f"<{tag}> element")
        if tag == "link":
            self.findings.append("<link> element")
        if tag == "meta" and any(
            name == "http-equiv" and (value or "").lower() == "refresh" for name, value in attrs
        ):
            self.findings.append("<meta http-equiv=refresh>")
        for name, value in attrs:
            value = (value or "").strip()
            if name.startswith("on"):
                self.findings.append(f"<{tag} {name}=…> event handler")
            elif name == "style" and _CSS_URL.search(value):
                self.findings.append(f"<{tag} style=…> loads a URL")
            elif name in _URL_ATTRIBUTES and value:
                if tag in {"a", "area"} and name == "href":
                    # A link the reader may follow loads nothing by itself; only a script URL
                    # would run something.
                    if re.match(r"(?i)\s*(javascript|vbscript|data):", value):
                        self.findings.append(f"<{tag} href={value[:40]!r}>")
                    continue
                if value.startswith("data:") and name in {"src", "href", "xlink:href"}:
                    if tag in {"img", "image"} and value.startswith("data:image/"):
                        continue
                    self.findings.append(f"<{tag} {name}=data:…> that is not an image")
                elif not _SAFE_LINK.match(value):
                    self.findings.append(f"<{tag} {name}={value[:60]!r}>")


def audit(page: str) -> list[str]:
    """What keeps a page from being self-contained and inert: external references (scripts,
    stylesheets, fonts, images, frames), scripts and event handlers. Empty when the page is
    fine; links (``<a href>``) to other pages of the report or to the web are allowed."""
    auditor = _Auditor()
    auditor.feed(page)
    auditor.close()
    return list(dict.fromkeys(auditor.findings))


def warm_chart_converter() -> None:
    """vl-convert starts its JavaScript engine on first use (about 0.6 s): do it ahead."""
    vl_convert.vegalite_to_svg(
        vl_spec={"data": {"values": [{"a": 1}]}, "mark": "point", "encoding": {}}
    )
