REQUEST_OPENED = "approval_request.opened"
REQUEST_DECIDED = "approval_request.decided"
REQUEST_WITHDRAWN = "approval_request.withdrawn"
