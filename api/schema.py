"""The OpenAPI schema's parts that are not read from the views: the key's security
scheme, and bounds on the ids in paths (what the databases can store)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension

from .serializers import MAX_ID


class IntegrationKeyScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.IntegrationKeyAuthentication"
    name = "integrationKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "Nyckeln som administratören utfärdade (API-nycklar).",
        }


def bound_path_ids(result, generator, request, public):
    """Ids in paths are positive and fit a 64-bit integer."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                schema = parameter.get("schema", {})
                if parameter.get("in") == "path" and schema.get("type") == "integer":
                    schema.update({"minimum": 1, "maximum": MAX_ID})
    return result
