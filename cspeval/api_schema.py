"""OpenAPI post-processing: document the error responses every operation can give."""

FIELD_ERRORS = {
    "type": "object",
    "description": "Bad input: each field named, with its messages.",
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
}
DETAIL = {"type": "object", "properties": {"detail": {"type": "string"}}, "required": ["detail"]}
ERRORS = {
    "400": ("Bad input; each field is named with its messages.", FIELD_ERRORS),
    "401": ("Not signed in (send `Authorization: Token <token>` or a session).", DETAIL),
    "403": ("Your role may not take this action on something you can see.", DETAIL),
    "404": ("Not found, or outside your organisations.", DETAIL),
    "405": ("Method not allowed.", DETAIL),
    "409": ("The write lost a race (stale version, or already submitted).", DETAIL),
    "503": ("The database is briefly unavailable; try again after the Retry-After header's seconds.", DETAIL),
}


def add_error_responses(result, generator, request, public):
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            responses = operation.setdefault("responses", {})
            for code, (description, schema) in ERRORS.items():
                responses.setdefault(
                    code, {"description": description, "content": {"application/json": {"schema": schema}}}
                )
    return result
