"""The orchestrator: the only place that knows the order of the pipeline."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from ..load.bibliography import load_bibliography
from .cache import DiskStore, folders_hash, paused_gc
from ..render.checks import check_anchors, check_images, check_output_collisions, collect_backlinks
from ..load.config import load_config
from ..load.content import load_pages
from ..render.epub import make_epub
from ..render.outputs import data_files, plan_outputs, sitemap
from .parallel import render_outputs_on_cores
from ..model.kinds import KINDS, Registry
from ..model.urls import book_file, relative_url
from ..model.places import place_notes
from ..render.portable import ZIP_NAME, portable_scripts, zip_site
from ..problems import Problem
from ..render.markdown import MarkdownRenderer, render_all
from ..render.searchindex import search_files
from ..model.site import build_site
from ..render.templates import make_environment
from .writer import WriteFailed, write_site
from .. import theme

PROJECT_ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Project:
    """`templates_dir` and `static_dir` are the site's own, over the packaged theme's file by file;
    None means the folders of those names beside `content_dir`."""
    content_dir: Path
    templates_dir: Path | None = None
    static_dir: Path | None = None
    base_url: str | None = None
    kinds: Registry = KINDS
    portable: bool = False       # a site for disk: links name index.html files, data comes in <script> tags
    offline_zip: bool = False    # also build the portable site, zipped into the output (portable.ZIP_NAME)

    @property
    def template_dirs(self) -> tuple[Path, ...]:
        return theme.layers(self.templates_dir or self.content_dir.parent / "templates", "templates")

    @property
    def static_dirs(self) -> tuple[Path, ...]:
        return theme.layers(self.static_dir or self.content_dir.parent / "static", "static")


@dataclass
class BuildResult:
    files: dict[str, bytes] = field(default_factory=dict)
    static: dict[str, Path] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    site: object = None
    notes: list[Problem] = field(default_factory=list)   # severity "note": reported, never failing the build

    @property
    def ok(self) -> bool:
        return not self.problems


class Stages:
    """The stages a long-running preview may memoize between builds (see incremental.RenderCache)."""
    load_pages = staticmethod(load_pages)
    load_bibliography = staticmethod(load_bibliography)
    make_environment = staticmethod(make_environment)
    render_all = staticmethod(render_all)


class DiskCache(Stages):
    """Stages whose Markdown results outlive the process, in `folder` (by default .cache/ beside content/)."""

    def __init__(self, folder: Path):
        self.store = DiskStore(folder)
        self.templates_key = ""

    def make_environment(self, template_dirs: tuple[Path, ...], config, kinds: Registry = KINDS):
        self.templates_key = folders_hash(template_dirs)
        return make_environment(template_dirs, config, kinds)

    def render_all(self, site, url_of, timeline_url, render_card, site_url, renderer=None):
        return render_all(site, url_of, timeline_url, render_card, site_url, renderer, store=self.store,
                          templates_key=self.templates_key)


@dataclass
class BuildPlan:
    """Everything decided before the templates run; `serve` renders the outputs one by one, on demand."""
    site: object
    rendered: dict
    env: object
    outputs: list
    static: dict[str, Path]
    problems: list[Problem]
    notes: list[Problem] = field(default_factory=list)


def plan_build(project: Project, renderer: MarkdownRenderer | None = None,
               stages: Stages | None = None) -> BuildPlan:
    stages = stages or Stages()
    config, problems = load_config(project.content_dir, project.base_url, portable=project.portable,
                                   offline_zip=project.offline_zip and not project.portable)
    pages, more = stages.load_pages(project.content_dir, project.kinds)
    problems += more
    site, more = build_site(pages, config, problems, project.kinds)
    problems += more
    bibliography, more = stages.load_bibliography(project.content_dir)
    problems += more
    site = replace(site, bibliography=bibliography)
    env = stages.make_environment(project.template_dirs, config, project.kinds)
    card = _card_renderer(env, problems)
    # Site paths: the renderer makes each link relative to the page converted (render.MarkdownRenderer).
    rendered, more = stages.render_all(site, lambda page_id: site.path_of(site.pages[page_id]), "timeline/", card,
                                       lambda path: path.lstrip("/"), renderer)
    problems += more
    problems += check_anchors(site, rendered)
    problems += check_images(site, rendered, project.static_dirs)
    outputs = plan_outputs(site, rendered, collect_backlinks(rendered))
    static = theme.merged_static(project.static_dirs)
    problems += check_output_collisions({o.shown if o.shown.startswith("content") else o.path: o.path
                                         for o in outputs} | {str(p): rel for rel, p in static.items()})
    return BuildPlan(site, rendered, env, outputs, static, problems, place_notes(site))


def data_outputs(plan: BuildPlan) -> dict[str, bytes]:
    """The files no template makes: data for reuse and previews, the search index, the sitemap."""
    site = plan.site
    # Data files give site paths relative to the root (the folder they are in): scripts resolve them
    # against their page's data-root.
    site_url = lambda path: relative_url(path, "", site.config.portable)  # noqa: E731
    files = data_files(site, site_url, plan.rendered)
    files.update(search_files(site, plan.rendered, site_url))
    files["sitemap.xml"] = sitemap(site, [o.path for o in plan.outputs if o.listed])
    files[".nojekyll"] = b""
    return files


def build_in_memory(project: Project, renderer: MarkdownRenderer | None = None,
                    cache: Stages | None = None, book: bool = True) -> BuildResult:
    """`book`: with the EPUB (`check` does without it, and `serve` renders through plan_build alone)."""
    with paused_gc():   # a build makes little cyclic garbage, and collecting it cost 8% of the time
        plan = plan_build(project, renderer, cache)
        files, more = render_outputs_on_cores(plan.env, plan.outputs)
        files.update(data_outputs(plan))
        if book and not plan.problems and not more:
            files[book_file(plan.site.config.title)] = make_epub(plan.site, plan.rendered)
        if plan.site.config.portable:
            files.update(portable_scripts(files))
        if plan.site.config.offline_zip:   # the same site for disk, zipped beside this one
            offline = build_in_memory(replace(project, portable=True, offline_zip=False), renderer, cache, book=False)
            more += offline.problems
            files[ZIP_NAME] = zip_site(offline.files, offline.static)
    return BuildResult(files, plan.static, list(dict.fromkeys(plan.problems + more)), plan.site, plan.notes)


def _card_renderer(env, problems):
    def render_card(page, here: str) -> str:
        """The card of `page`, embedded in the page at site path `here` (its links are relative to it)."""
        try:
            return env.get_template("_card.html").render(card=page, embedded=True, path=here)
        except Exception as error:  # reported like any template problem, never a crash
            problems.append(Problem("templates/_card.html", getattr(error, "lineno", None), "template.error",
                                    f"{type(error).__name__}: {error}", "fix the card template"))
            return ""
    return render_card


def output_problems(project: Project, out_dir: Path) -> list[Problem]:
    out = out_dir.resolve()
    for name, folder in (("content", project.content_dir), *(("templates", d) for d in project.template_dirs),
                         *(("static", d) for d in project.static_dirs)):
        folder = folder.resolve()
        if out == folder or out.is_relative_to(folder) or folder.is_relative_to(out):
            return [Problem(str(out_dir), None, "output.inside-source",
                            f"the output folder {out_dir} overlaps the {name} folder {folder}",
                            "choose an output folder outside content/, templates/ and static/, e.g. _site")]
    return []


def build(project: Project, out_dir: Path, stages: Stages | None = None) -> BuildResult:
    """Builds into `out_dir`, keeping Markdown results in .cache/ beside content/ unless `stages` says otherwise."""
    problems = output_problems(project, out_dir)
    if problems:
        return BuildResult(problems=problems)
    result = build_in_memory(project, cache=stages or DiskCache(project.content_dir.resolve().parent / ".cache"))
    if result.ok:
        try:
            write_site(result.files, result.static, out_dir)
        except WriteFailed as failed:
            result.problems.append(failed.problem)
    return result
