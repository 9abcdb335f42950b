"""Active probes over the network: ICMP, TCP, RTSP, ONVIF, HTTP (docs/probes.md)."""
