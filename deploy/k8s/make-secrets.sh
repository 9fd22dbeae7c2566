#!/usr/bin/env bash
# Creates the secrets the manifests refer to, with fresh random values, in the namespace given (default
# healthcard-dev). Nothing secret is committed: run this once per cluster, or create the same secrets from your
# secret store (External Secrets, Sealed Secrets, Vault). RabbitMQ's credentials are made by its operator
# (secret suite-rabbitmq-default-user).
set -euo pipefail
ns="${1:-healthcard-dev}"
kubectl get namespace "$ns" >/dev/null 2>&1 || kubectl create namespace "$ns"
random() { head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 32; }

for part in gateway crm cards health mall escort reports; do
  kubectl -n "$ns" create secret generic "suite-db-$part" --type=kubernetes.io/basic-auth \
    --from-literal=username="$part" --from-literal=password="$(random)" --dry-run=client -o yaml | kubectl apply -f -
done
kubectl -n "$ns" create secret generic suite-service-secret --from-literal=secret="$(random)$(random)" \
  --dry-run=client -o yaml | kubectl apply -f -

# The gateway signs identity tokens with the private key; every service verifies with the public one.
keys="$(mktemp -d)"; trap 'rm -rf "$keys"' EXIT
openssl genpkey -algorithm ed25519 -out "$keys/identity_ed25519.pem"
openssl pkey -in "$keys/identity_ed25519.pem" -pubout -out "$keys/identity_ed25519.pub.pem"
kubectl -n "$ns" create secret generic suite-identity-keys \
  --from-file="$keys/identity_ed25519.pem" --from-file="$keys/identity_ed25519.pub.pem" \
  --dry-run=client -o yaml | kubectl apply -f -
echo "secrets ready in namespace $ns"
