//! Corefiles embedded in Kubernetes YAML.
