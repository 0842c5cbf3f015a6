"""``kubectl config set-credentials|set-context|get-users|delete-user|delete-context|view``: acting as a
ServiceAccount through a kubeconfig user with its token. Texts recorded from the real kubectl 1.32 on a
kubeconfig file (these commands never reach a server).
"""

from auth_fixtures import c  # noqa: F401  (the fixture)

SA = "system:serviceaccount:default:app"


def k(c, cmd):
    return c.kubectl(cmd, echo=False)


def test_a_service_account_token_becomes_a_kubeconfig_user_and_context(c):
    token = k(c, "create token app").stdout.strip()
    assert k(c, f"config set-credentials app --token={token}").stdout == 'User "app" set.\n'
    assert k(c, "config set-credentials app --token=" + token).stdout == 'User "app" set.\n'    # set again: same words
    assert k(c, "config set-context app --cluster=k8scourse --user=app").stdout == 'Context "app" created.\n'
    assert k(c, "config set-context app --namespace=default").stdout == 'Context "app" modified.\n'
    assert k(c, "config get-users").stdout == "NAME\napp\nclusterUser_k8scourse\n"
    who = k(c, "--context app auth whoami").stdout.splitlines()
    assert who[1].split() == ["Username", SA]
    denied = k(c, "--context app get pods")
    assert denied.stderr == (f'Error from server (Forbidden): pods is forbidden: User "{SA}" cannot list resource '
                             f'"pods" in API group "" in the namespace "default"\n')
    k(c, "create rolebinding app-view --clusterrole=view --serviceaccount=default:app")
    assert k(c, "--context app get pods").stderr == "No resources found in default namespace.\n"
    assert k(c, "get pods --user app").exit_code == 0          # --user picks the kubeconfig user directly
    # the token is the TokenRequest's: an hour, then the server no longer accepts it
    c.run(seconds=3601)
    assert k(c, "--context app get pods").stderr == "error: You must be logged in to the server (Unauthorized)\n"


def test_config_view_redacts_the_users_secrets(c):
    k(c, "config set-credentials app --token=abc.def.ghi")
    k(c, "config set-credentials bob --username=bob --password=secret")
    users = k(c, "config view").stdout.split("users:\n", 1)[1]
    assert users == ("- name: app\n  user:\n    token: REDACTED\n"
                     "- name: bob\n  user:\n    password: REDACTED\n    username: bob\n"
                     "- name: clusterUser_k8scourse\n  user:\n    client-certificate-data: DATA+OMITTED\n"
                     "    client-key-data: DATA+OMITTED\n")


def test_basic_auth_and_bad_tokens_are_unauthorized(c):
    k(c, "config set-credentials bob --username=bob --password=x")
    assert k(c, "get pods --user bob").stderr == "error: You must be logged in to the server (Unauthorized)\n"
    k(c, "config set-credentials eve --token=not-a-jwt")
    assert k(c, "get pods --user eve").stderr == "error: You must be logged in to the server (Unauthorized)\n"
    assert k(c, "get pods --user nobody").stderr == 'error: auth info "nobody" does not exist\n'


def test_a_context_on_an_unknown_cluster_has_no_server(c):
    assert k(c, "config set-context ghost --cluster=nope --user=app").stdout == 'Context "ghost" created.\n'
    r = k(c, "--context ghost get pods")
    assert (r.exit_code, r.stderr) == (
        1, "The connection to the server localhost:8080 was refused - did you specify the right host or port?\n")


def test_deleting_users_and_contexts(c):
    k(c, "config set-credentials bob --token=x")
    assert k(c, "config delete-user bob").stdout == "deleted user bob from /home/student/.kube/config\n"
    r = k(c, "config delete-user nobody")
    assert (r.exit_code, r.stderr) == (1, "error: cannot delete user nobody, not in /home/student/.kube/config\n")
    k(c, "config set-context app --cluster=k8scourse --user=app")
    k(c, "config use-context app")
    r = k(c, "config delete-context app")
    assert r.stdout == "deleted context app from /home/student/.kube/config\n"
    assert r.stderr == ('warning: this removed your active context, use "kubectl config use-context" to select a '
                        'different one\n')


def test_set_credentials_without_a_name_prints_its_help_and_fails(c):
    r = k(c, "config set-credentials")
    assert r.exit_code == 1 and r.stderr == "error: unexpected args: []\n"
    assert r.stdout.startswith("Set a user entry in kubeconfig.\n\n Specifying a name that already exists will merge")
    assert r.stdout.endswith('Use "kubectl options" for a list of global command-line options (applies to all '
                             'commands).\n')
