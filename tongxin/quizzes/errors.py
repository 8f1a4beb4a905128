from enum import StrEnum


class QuizzesErrorCode(StrEnum):
    CATEGORY_EXISTS = "category_exists"
    CATEGORY_IN_USE = "category_in_use"
    BAD_OPTIONS = "bad_options"
    BAD_ANSWER = "bad_answer"
    NOT_ENOUGH_QUESTIONS = "not_enough_questions"
    EMPTY_POOL = "empty_pool"
    BAD_TIMES = "bad_times"
    NOT_IN_AUDIENCE = "not_in_audience"
    NOT_OPEN = "not_open"
    ATTEMPTS_USED = "attempts_used"
    TIME_UP = "time_up"
    ALREADY_SUBMITTED = "already_submitted"
    QUESTION_NOT_IN_ATTEMPT = "question_not_in_attempt"
    IMPORT_INVALID_FILE = "import_invalid_file"
    IMPORT_HAS_ERRORS = "import_has_errors"
