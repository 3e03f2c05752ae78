"""Schemathesis hooks of `npm run fuzz`: the contract upload's body is a PDF, sent as raw bytes."""
import schemathesis

schemathesis.serializer.alias("application/pdf", "application/octet-stream")
