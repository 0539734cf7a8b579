"""Untrusted text is data, never markup: titles and text with markup and escape sequences show literally, and nothing
happens."""

from __future__ import annotations

from pathlib import Path

from reader.models import Article, ClaimFields, ImportRecord, article_id_for
from reader.store import Store
from reader.tui.widgets.article_table import ArticleTable
from reader.tui.widgets.article_view import ArticleView
from tests.tui.helpers import SIZE, make_app, open_first_article, run_async

HOSTILE = "[bold]loud[/bold] and [/x] then [@click=app.quit]x[/] and \x1b[31mred\x1b[0m end."


def hostile_store(path: Path) -> tuple[Store, str]:
    """A store whose only article has markup and a raw ESC sequence in title, text, note and annotator."""
    store = Store(path)
    text = f"{HOSTILE}\nSecond [red]paragraph[/red]."
    article = Article(id=article_id_for(text), title="[b]Title[/b] [/oops]", text=text, words=12)
    store.imports.add([ImportRecord(article=article)])
    store.claims.create(article.id, "[i]eve[/i]", 0, 10, ClaimFields(label="EVENT", confidence=3, note="[/n]"))
    return store, article.id


@run_async
async def test_markup_and_escapes_show_literally_and_do_nothing(tmp_path: Path) -> None:
    store, _article_id = hostile_store(tmp_path / "h.db")
    app = make_app(store, annotator="[b]me[/b]")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        row = app.query_one(ArticleTable).row_lines(0, 90)[0][0][0]
        assert "[b]Title[/b] [/oops]" in row
        screen = await open_first_article(pilot)
        view = screen.query_one(ArticleView)
        first_row = view.render_line(0).text
        shown = " ".join(view.render_line(y).text.strip() for y in range(4))
        assert first_row.startswith("[bold]loud[/bold] and [/x] then [@click=app.quit]x[/]")
        assert "␛[31mred␛[0m" in shown and "Second [red]paragraph[/red]." in shown
        assert "\x1b" not in shown
        header = str(screen.query_one("#article-header").render())
        assert "[b]Title[/b] [/oops]" in header
        assert "[b]me[/b]" in screen.status.render_line(0).text
        # Clicking the would-be action link only moves the cursor.
        link = first_row.index("[@click")
        await pilot.click(ArticleView, offset=(1 + link + 2, 0))
        await pilot.pause()
        assert app.is_running
        await pilot.press("a")
        await pilot.pause()
        assert "[i]eve[/i]" in "".join(str(segment[0]) for segment in screen.sidebar.row_lines(0, 40)[0])
        await pilot.press("slash", *"[/x]")
        await pilot.pause()
        assert len(view.hits) == 1
        assert app.is_running
    store.close()
