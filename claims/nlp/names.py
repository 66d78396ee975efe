"""Gender hints from common first names, used only to pick between candidate antecedents of he/she.

A hand-written list; a name that is not listed simply gives no hint.
"""

from __future__ import annotations

_MALE = frozenset(
    """
    aaron adam alan albert alex alexander alexei andrew andy anthony antonio barack ben benjamin bernie bill
    bob boris brad brian bruce carl carlos charles charlie chris christopher chuck colin craig dan daniel dave
    david dennis dick dmitry don donald doug douglas ed eddie edward emmanuel eric frank fred gary george
    gerald greg gregory harry henry hugh ian jack jacob jake james jamie jason jeb jeff jeffrey jeremy jerry
    jim jimmy joe joel john johnny jon jonathan jorge jose joseph josh juan justin keith ken kevin larry lee
    leonard lindsey luis marco mark martin matt matthew max michael mike mitch mitt narendra nicholas nick
    olaf oliver patrick paul pete peter phil philip ralph randy ray richard rick rob robert roger ron ronald
    rudy rupert russell ryan sam samuel scott sean sergei sergey stephen steve steven ted terry thomas tim
    timothy todd tom tony vladimir volodymyr walter wayne william xi yuri zach fumio rishi keir jair luiz lula
    recep viktor antony lloyd hakeem rand
    """.split()
)

_FEMALE = frozenset(
    """
    alice amanda amy angela ann anna anne barbara betsy betty carly carol caroline catherine cheryl christine
    claire condoleezza debbie deborah diane donna dorothy elizabeth ellen emily emma erin eva gina hannah
    heather helen hillary huma jane janet jennifer jessica jill joan joni julia julie karen kate katherine
    kathleen kathy kellyanne kamala kirsten laura lauren linda lisa liz loretta lynn madeleine margaret maria
    marie marine martha mary megan melania melanie michelle mona nancy natalie nicola nikki olivia pam pamela
    patricia paula rachel rebecca rosa ruth sally samantha sandra sarah sharon shirley sonia sophie stephanie
    susan suzanne tammy teresa theresa tulsi ursula valerie victoria virginia wendy yulia giorgia annalena
    kaja saranda ivanka chelsea
    """.split()
)


def first_name_gender(name: str) -> str | None:
    low = name.lower().strip(".")
    if low in _FEMALE:
        return "f"
    if low in _MALE:
        return "m"
    return None
