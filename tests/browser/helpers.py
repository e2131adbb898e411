"""What the browser tests do as a person would: sign in, select words, tell a swap from a load."""

from playwright.sync_api import expect

PASSWORD = "correct horse battery staple"  # the factories' default


def sign_in(page, live_server, username, password=PASSWORD):
    page.goto(f"{live_server.url}/desk/")
    expect(page.get_by_text("Sign in to see that page.")).to_be_visible()
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1, name="Desk")).to_be_visible()


def drag_select(page, container, words):
    """Select `words` inside `container` with the mouse, as a reporter would."""
    page.locator(container).scroll_into_view_if_needed()
    box = page.evaluate(
        """([selector, words]) => {
            const root = document.querySelector(selector);
            const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                const at = node.data.indexOf(words);
                if (at === -1) continue;
                const rect = (start, end) => {
                    const range = document.createRange();
                    range.setStart(node, start);
                    range.setEnd(node, end);
                    return range.getBoundingClientRect();
                };
                const end = at + words.length;
                const first = rect(at, at + 1), last = rect(end - 1, end);
                return {x1: first.left + 1, y1: first.top + first.height / 2,
                        x2: last.right - 1, y2: last.top + last.height / 2};
            }
            return null;
        }""",
        [container, words],
    )
    assert box, f"{words!r} is not in {container}"
    page.mouse.move(box["x1"], box["y1"])
    page.mouse.down()
    page.mouse.move(box["x2"], box["y2"], steps=5)
    page.mouse.up()


def mark_page(page):
    """Tag the loaded document, so a test can tell an htmx swap from a page load."""
    page.evaluate("window.loadedOnce = true")


def still_same_page(page):
    return page.evaluate("window.loadedOnce === true")
