"""Who may do what in quizzes.

- The union office and branch chairs keep question banks and run quizzes for their subtree
  (a branch can hold its own quiz); liaisons see the bank and the results of their branch.
- Results (names, scores, export) are scoped by the branch of the person who took the quiz:
  the office sees everyone, a branch chair their branch's people.
- A member takes a quiz whose audience includes them and sees their own attempts (own
  permissions). The ranking shown to members has masked names (see ``queries.ranking``).
"""

from enum import StrEnum

from tongxin.orgs.choices import Role


class QuizzesPermission(StrEnum):
    VIEW_BANK = "quizzes.view_bank"
    MANAGE_BANK = "quizzes.manage_bank"
    VIEW_QUIZ = "quizzes.view_quiz"
    MANAGE_QUIZ = "quizzes.manage_quiz"
    VIEW_RESULTS = "quizzes.view_results"
    EXPORT_RESULTS = "quizzes.export_results"
    TAKE_QUIZ = "quizzes.take_quiz"
    VIEW_ATTEMPT = "quizzes.view_attempt"


P = QuizzesPermission
# Taking a quiz is always one's own act: no role takes it for somebody else.
_ALL: set[str] = set[str](P) - {P.TAKE_QUIZ}

ROLE_PERMISSIONS: dict[str, set[str]] = {
    Role.UNION_OFFICE: _ALL,
    Role.BRANCH_CHAIR: _ALL,
    Role.LIAISON: {P.VIEW_BANK, P.VIEW_QUIZ, P.VIEW_RESULTS, P.VIEW_ATTEMPT},
    Role.AUDIT_COMMITTEE: {P.VIEW_QUIZ},
}

OWN_PERMISSIONS: set[str] = {P.TAKE_QUIZ, P.VIEW_ATTEMPT}
