"""Every number of the chapter's sections 1–7, ours beside the chapter's (same as
``vrest chapter``).

Run:  python examples/chapter.py
"""

from __future__ import annotations

from vrest.chapter import chapter_numbers, chapter_table


def main() -> list:
    return chapter_numbers()


if __name__ == "__main__":
    print(chapter_table(main()))
