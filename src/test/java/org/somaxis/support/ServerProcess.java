package org.somaxis.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Somaxis server in a JVM of its own (the test's class path, {@code -Xmx1g}), so that fault tests can
 * {@code kill -9} it ({@link #kill()}), send it SIGTERM ({@link #terminate()}) and start it again on the same data.
 * Its output goes to a log file next to its data.
 */
public final class ServerProcess {
	private final List<String> arguments;
	private final Map<String, String> environment;
	private final Path log;
	private final int port;
	private Process process;

	private ServerProcess(List<String> arguments, Map<String, String> environment, Path log, int port) {
		this.arguments = arguments;
		this.environment = environment;
		this.log = log;
		this.port = port;
	}

	/** @param arguments Spring arguments ({@code --key=value}); the port is chosen here */
	public static ServerProcess of(List<String> arguments, Map<String, String> environment, Path log) {
		int port = freePort();
		List<String> all = new ArrayList<>(arguments);
		all.add("--server.port=" + port);
		return new ServerProcess(all, environment, log, port);
	}

	public int port() {
		return port;
	}

	public long pid() {
		return process.pid();
	}

	/** Starts the JVM and waits until readiness is UP; returns the milliseconds that took. */
	public long startAndAwaitReadiness(long timeoutMs) {
		long start = System.nanoTime();
		List<String> command = new ArrayList<>(List.of(
				Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xmx1g", "-XX:+UseSerialGC",
				"-cp", System.getProperty("java.class.path"),
				"org.somaxis.SomaxisApplication"));
		command.addAll(arguments);
		try {
			Files.createDirectories(log.getParent());
			ProcessBuilder builder = new ProcessBuilder(command)
					.redirectErrorStream(true)
					.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
			builder.environment().putAll(environment);
			process = builder.start();
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		FhirHttp http = new FhirHttp(port);
		while (elapsedMs(start) < timeoutMs) {
			if (!process.isAlive()) {
				throw new IllegalStateException("server exited with " + process.exitValue() + "; see " + log);
			}
			try {
				FhirHttp.Response readiness = http.get("/actuator/health/readiness", "Accept", "application/json");
				if (readiness.status() == 200) {
					return elapsedMs(start);
				}
			} catch (IllegalStateException notListeningYet) {
				// connection refused until Jetty listens
			}
			sleep(250);
		}
		process.destroyForcibly(); // never leave a server behind
		waitFor(30);
		throw new IllegalStateException("server not ready in " + timeoutMs + " ms; see " + log);
	}

	/** kill -9. */
	public void kill() {
		process.destroyForcibly();
		waitFor(30);
	}

	/** SIGTERM (graceful shutdown); returns the milliseconds until the JVM exited. */
	public long terminate() {
		long start = System.nanoTime();
		process.destroy();
		if (!waitFor(90)) {
			process.destroyForcibly();
			waitFor(30);
		}
		return elapsedMs(start);
	}

	public boolean isAlive() {
		return process != null && process.isAlive();
	}

	private boolean waitFor(int seconds) {
		try {
			return process.waitFor(seconds, TimeUnit.SECONDS);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}

	private static void sleep(long ms) {
		try {
			Thread.sleep(ms);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}

	private static long elapsedMs(long startNanos) {
		return (System.nanoTime() - startNanos) / 1_000_000;
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
