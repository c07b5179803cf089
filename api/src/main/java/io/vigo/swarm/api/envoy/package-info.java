/**
 * The envoy protocol: what an agent sends the gateway and gets back, over HTTP + JSON
 * (docs/envoy-protocol.md). Shared by the gateway and the project's own agent; an agent in any
 * other language writes the same JSON.
 */
package io.vigo.swarm.api.envoy;
