package org.somaxis.faults;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP listener on loopback that counts every connection made to it (and closes it): any outbound call the server
 * is tricked into, whatever the protocol, shows up as a hit.
 */
final class LoopbackCanary implements AutoCloseable {
	private final ServerSocket socket;
	private final AtomicInteger hits = new AtomicInteger();
	private final Thread acceptor;

	LoopbackCanary() throws IOException {
		socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		acceptor = new Thread(() -> {
			while (!socket.isClosed()) {
				try (Socket connection = socket.accept()) {
					hits.incrementAndGet();
				} catch (IOException closed) {
					return;
				}
			}
		}, "loopback-canary");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	String base() {
		return "http://127.0.0.1:" + socket.getLocalPort();
	}

	int hits() {
		return hits.get();
	}

	@Override
	public void close() throws IOException {
		socket.close();
	}
}
