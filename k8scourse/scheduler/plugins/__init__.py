"""The in-tree plugins of the default profile, one module each (``pkg/scheduler/framework/plugins``).

Plugins never import each other (an import-linter independence contract checks it); what they
share lives in ``k8scourse.scheduler.framework``, ``.nodeinfo`` and ``.helpers``.
"""
