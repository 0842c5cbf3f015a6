"""Legacy service account token Secrets: asked for with the annotation, filled by the tokens controller,
authenticating as the account while both exist, and deleted with the account."""

import base64

from auth_fixtures import c  # noqa: F401  (the fixture)


SECRET = """apiVersion: v1
kind: Secret
metadata:
  name: {name}
  annotations: {{kubernetes.io/service-account.name: {sa}}}
type: kubernetes.io/service-account-token
"""

def token(c, name="app-token"):
    return base64.b64decode(c.api.get("secrets", name)["data"]["token"]).decode()


def test_the_controller_fills_the_secret_and_the_token_authenticates(c):
    assert c.apply(SECRET.format(name="app-token", sa="app"), echo=False).stdout == "secret/app-token created\n"
    c.run(seconds=1)
    secret = c.api.get("secrets", "app-token")
    assert sorted(secret["data"]) == ["ca.crt", "namespace", "token"]
    assert base64.b64decode(secret["data"]["namespace"]) == b"default"
    assert secret["metadata"]["annotations"]["kubernetes.io/service-account.uid"] == \
        c.api.get("serviceaccounts", "app")["metadata"]["uid"]
    described = c.kubectl("describe secret app-token", echo=False).stdout
    assert f"token:      {token(c)}\n" in described and "namespace:  7 bytes\n" in described
    assert "Tokens:              app-token\n" in c.kubectl("describe sa app", echo=False).stdout
    who = c.kubectl(f"auth whoami --token {token(c)}", echo=False).stdout
    assert who.splitlines()[1].split() == ["Username", "system:serviceaccount:default:app"]
    # the API server notes the day the legacy token was used
    assert c.api.get("secrets", "app-token")["metadata"]["labels"] == {"kubernetes.io/legacy-token-last-used": "2026-03-02"}


def test_the_token_is_a_pre_1_21_jwt_that_never_expires(c):
    c.apply(SECRET.format(name="app-token", sa="app"), echo=False)
    c.run(seconds=1)
    payload = token(c).split(".")[1]
    import json
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    assert claims["iss"] == "kubernetes/serviceaccount" and "exp" not in claims
    assert claims["kubernetes.io/serviceaccount/secret.name"] == "app-token"
    c.run(seconds=2 * 24 * 3600)
    assert c.kubectl(f"get pods --token {token(c)}", echo=False).stderr.startswith("Error from server (Forbidden)")


def test_a_secret_for_a_missing_account_is_deleted(c):
    c.apply(SECRET.format(name="ghost-token", sa="ghost"), echo=False)
    c.run(seconds=1)
    assert c.api.peek("secrets", "ghost-token", "default") is None


def test_deleting_the_account_deletes_its_tokens_and_they_stop_working(c):
    c.apply(SECRET.format(name="app-token", sa="app"), echo=False)
    c.run(seconds=1)
    kept = token(c)
    c.kubectl("delete sa app", echo=False)
    c.run(seconds=1)
    assert c.api.peek("secrets", "app-token", "default") is None
    assert c.kubectl(f"get pods --token {kept}", echo=False).stderr == \
        "error: You must be logged in to the server (Unauthorized)\n"


def test_the_annotation_is_required(c):
    r = c.apply("apiVersion: v1\nkind: Secret\nmetadata: {name: bare}\ntype: kubernetes.io/service-account-token\n",
                echo=False)
    assert r.exit_code == 1
    assert 'metadata.annotations[kubernetes.io/service-account.name]: Required value' in r.stderr
