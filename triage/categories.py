"""Guessing a task's category from its name, for quick entry and imports."""

CATEGORY_KEYWORDS = {
    "bookkeeping": ["invoice", "invoicing", "bookkeeping", "receipt", "expense", "tax", "payroll"],
    "email": ["email", "e-mail", "inbox", "mail"],
    "sales": ["sales", "call", "proposal", "pitch", "lead", "discovery"],
    "marketing": ["social", "marketing", "linkedin", "instagram", "ads", "newsletter", "seo"],
    "content": ["blog", "content", "video", "podcast", "writing", "post"],
    "client work": ["client", "project", "delivery", "design", "coaching", "session"],
    "tech": ["website", "tech", "wordpress", "backup", "software"],
    "admin": ["admin", "scheduling", "calendar", "filing", "paperwork"],
    "operations": ["ops", "operations", "process", "sop", "hiring"],
}
OTHER = "other"
# Categories whose tasks make money unless the owner says otherwise.
MONEY_MAKING = {"client work", "sales"}


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
