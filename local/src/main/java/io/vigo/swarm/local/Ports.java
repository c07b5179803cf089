package io.vigo.swarm.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** The local system's ports, each with the flag that moves it. */
public record Ports(int kafka, int controller, int registry, int registryManagement, int api, int gateway) {

    public static final Ports DEFAULT = new Ports(9092, 9093, 8081, 9081, 8080, 8082);

    /** Fails with the flag to change when a port is already taken. */
    void requireFree() {
        requireFree(kafka, "--kafka-port");
        requireFree(controller, "--controller-port");
        requireFree(registry, "--registry-port");
        requireFree(registryManagement, "--registry-management-port");
        requireFree(api, "--api-port");
        requireFree(gateway, "--gateway-port");
    }

    private static void requireFree(int port, String flag) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
        } catch (IOException e) {
            throw new IllegalStateException("port " + port + " is taken; choose another with " + flag);
        }
    }

    /** Any free port, for tests. */
    public static int free() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }

    public static Ports anyFree() {
        return new Ports(free(), free(), free(), free(), free(), free());
    }
}
