package ndlint.platform.services_test

import data.ndlint.platform.services

svc(type, annotations) := {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s", "annotations": annotations}, "spec": {"type": type}}

test_cluster_ip_passes if {
	count(services.deny) == 0 with input as svc("ClusterIP", {})
}

test_node_port_denied if {
	count(services.deny) == 1 with input as svc("NodePort", {})
}

test_node_port_with_reason_passes if {
	count(services.deny) == 0 with input as svc("NodePort", {"platform.normaldance.io/exposure-reason": "legacy TCP client"})
}

test_public_lb_denied_internal_passes if {
	count(services.deny) == 1 with input as svc("LoadBalancer", {})
	count(services.deny) == 0 with input as svc("LoadBalancer", {"networking.gke.io/load-balancer-type": "Internal"})
}
