//! Neural models of a tempo-x402 node.
//!
//! Not built yet: small models trained on CPU on the node's own code and corpus, exchanged as
//! content-addressed safetensors blobs and averaged across the swarm (see the open issue on
//! models and federated weights). The crate exists so the workspace layout is final.
