"""Decision texts in Markdown, rendered safely."""

from minutebook.web.markdown import render_markdown


def test_markdown_structure_survives():
    html = render_markdown("# Title\n\n- one\n- *two*\n\n[site](https://example.org)")
    assert "<h1>Title</h1>" in html
    assert "<li><em>two</em></li>" in html
    assert 'href="https://example.org"' in html
    assert 'rel="noopener noreferrer nofollow"' in html


def test_scripts_handlers_styles_and_javascript_links_are_removed():
    html = render_markdown(
        '<script>alert(1)</script><p onclick="x()" style="color:red">hi</p>'
        '<img src="https://tracker.example/p.gif"><iframe src="https://x"></iframe>'
        "\n\n[click](javascript:alert(1))"
    )
    for bad in ("<script", "alert(1)", "onclick", "style=", "<img", "<iframe", "javascript:"):
        assert bad not in html


def test_empty_text_renders_empty():
    assert render_markdown("") == ""
