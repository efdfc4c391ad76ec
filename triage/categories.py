"""Guessing a task's category from its name, for quick entry and imports, and whether a
new task of a category makes money."""

from triage.choices import Category

CATEGORY_KEYWORDS = {
    Category.BOOKKEEPING: [
        "invoice",
        "invoicing",
        "bookkeeping",
        "receipt",
        "expense",
        "tax",
        "payroll",
    ],
    Category.EMAIL: ["email", "e-mail", "inbox", "mail"],
    Category.SALES: ["sales", "call", "proposal", "pitch", "lead", "discovery"],
    Category.MARKETING: [
        "social",
        "marketing",
        "linkedin",
        "instagram",
        "ads",
        "newsletter",
        "seo",
    ],
    Category.CONTENT: ["blog", "content", "video", "podcast", "writing", "post"],
    Category.CLIENT_WORK: ["client", "project", "delivery", "design", "coaching", "session"],
    Category.TECH: ["website", "tech", "wordpress", "backup", "software"],
    Category.ADMIN: ["admin", "scheduling", "calendar", "filing", "paperwork"],
    Category.OPERATIONS: ["ops", "operations", "process", "sop", "hiring"],
}
OTHER = Category.OTHER
# Categories whose tasks make money unless the owner says otherwise.
MONEY_MAKING = {Category.CLIENT_WORK, Category.SALES}


def guess_category(title: str) -> str:
    """A first guess at a new task's category, from words in its title."""
    words = title.lower().replace("-", " ").split()
    for category, keywords in CATEGORY_KEYWORDS.items():
        if any(word.startswith(keyword) for word in words for keyword in keywords):
            return category
    return OTHER


def default_is_mga(category: str) -> bool:
    """Does a new task of this category make money? The answer offered first, wherever a
    task is created (quick entry, the timer, the task form, an import without Billable)."""
    return category.strip().lower() in MONEY_MAKING
