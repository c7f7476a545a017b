/**
 * The closed loop: a simulated LiveKit fleet, real Prometheus, lkscaler and a KEDA/HPA emulator.
 */
package dev.lkscaler.sim;
