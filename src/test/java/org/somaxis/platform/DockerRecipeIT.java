package org.somaxis.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.somaxis.support.FhirHttp;

/**
 * The image recipe, without a Docker engine: the build stage of {@code docker/Dockerfile} is replayed in an empty
 * folder. Exactly the paths its {@code COPY} lines name are copied, its Maven command runs there (offline, on the
 * local repository), and the jar it produces must start to readiness and serve what needs knowledge/, profiles/
 * and terminology/.
 *
 * <p>The {@code dependency:go-offline} line is not replayed: it only primes Docker's layer cache, and offline
 * Maven cannot resolve its plugin prefix. The package line that follows resolves every dependency the jar needs.
 */
class DockerRecipeIT {
	private static final Path DOCKERFILE = Path.of("docker/Dockerfile");
	private static BuildStage stage;

	/** The first stage of the Dockerfile: what it copies from the build context and what it runs. */
	record BuildStage(List<Copy> copies, List<String> runs) {}

	record Copy(List<String> sources, String destination) {}

	@BeforeAll
	static void readDockerfile() throws IOException {
		stage = parseBuildStage(Files.readAllLines(DOCKERFILE));
	}

	@Test
	void theBuildStage_buildsAJarFromACleanCopy_thatStartsToReadiness() throws Exception {
		assertThat(stage.copies()).extracting(Copy::destination).contains("knowledge/", "profiles/", "terminology/");
		Path context = Files.createDirectories(Path.of("target/it-data/docker-recipe-" + System.nanoTime()))
				.toAbsolutePath();
		Path workdir = Files.createDirectories(context.resolve("src"));
		copyContext(stage.copies(), workdir);

		for (String run : stage.runs()) {
			if (run.contains("dependency:go-offline")) {
				continue;
			}
			Result build = shell(workdir, offline(run), Duration.ofMinutes(8));
			assertThat(build.exitCode()).as("%s\n%s", run, build.tail()).isZero();
		}
		Path jar = workdir.resolve("target/somaxis-server.jar");
		assertThat(jar).exists();

		int port = freePort();
		Path data = Files.createDirectories(context.resolve("data"));
		ProcessBuilder server = new ProcessBuilder(
						javaBin(), "-Xmx1g", "-XX:+UseSerialGC", "-jar", jar.toString(),
						"--server.port=" + port, "--somaxis.demo.enabled=false")
				.redirectErrorStream(true)
				.redirectOutput(context.resolve("server.log").toFile());
		server.environment().put("SOMAXIS_DATA_DIR", data.toString());
		Process process = server.start();
		try {
			FhirHttp http = new FhirHttp(port);
			awaitReadiness(http, process, Duration.ofMinutes(8), context.resolve("server.log"));

			// knowledge/: the CDS services are built from knowledge/rules.yaml
			FhirHttp.Response services = http.get("/cds-services", "Accept", "application/json");
			assertThat(services.status()).isEqualTo(200);
			assertThat(services.body()).contains("somaxis-patient-view", "somaxis-order-sign");
			// profiles/ and terminology/: the FHIR package the server installs and serves
			Bundle igf1 = http.get(
							"/fhir/StructureDefinition?url=http://somaxis.org/fhir/StructureDefinition/igf1-observation&_summary=count")
					.as(Bundle.class);
			assertThat(igf1.getTotal()).isEqualTo(1);
			FhirHttp.Response valueSet =
					http.get("/fhir/ValueSet/$expand?url=http://somaxis.org/fhir/ValueSet/gh-peptides");
			assertThat(valueSet.status()).isEqualTo(200);
		} finally {
			stop(process);
		}
	}

	@Test
	void aRecipeThatForgetsTheKnowledgeFolder_failsTheBuild_insteadOfShippingABrokenJar() throws Exception {
		List<Copy> withoutKnowledge = stage.copies().stream()
				.filter(copy -> !copy.sources().contains("knowledge/"))
				.toList();
		assertThat(withoutKnowledge).hasSize(stage.copies().size() - 1);
		Path workdir = Files.createDirectories(
						Path.of("target/it-data/docker-recipe-broken-" + System.nanoTime()).resolve("src"))
				.toAbsolutePath();
		copyContext(withoutKnowledge, workdir);
		String packageRun = stage.runs().stream().filter(run -> run.contains(" package")).findFirst().orElseThrow();

		Result build = shell(workdir, offline(packageRun), Duration.ofMinutes(3));

		assertThat(build.exitCode()).isNotZero();
		assertThat(build.output()).contains("knowledge/, profiles/ and terminology/ must sit next to pom.xml");
		assertThat(workdir.resolve("target/somaxis-server.jar")).doesNotExist();
	}

	static BuildStage parseBuildStage(List<String> lines) {
		List<String> instructions = new ArrayList<>();
		StringBuilder current = new StringBuilder();
		for (String raw : lines) {
			String line = raw.strip();
			if (line.startsWith("#") || line.isEmpty()) {
				continue;
			}
			if (line.endsWith("\\")) {
				current.append(line, 0, line.length() - 1).append(' ');
				continue;
			}
			instructions.add(current.append(line).toString());
			current.setLength(0);
		}
		List<Copy> copies = new ArrayList<>();
		List<String> runs = new ArrayList<>();
		int stages = 0;
		for (String instruction : instructions) {
			String[] words = instruction.split("\\s+");
			String keyword = words[0].toUpperCase();
			if (keyword.equals("FROM") && ++stages > 1) {
				break;
			}
			if (keyword.equals("COPY")) {
				List<String> args = Stream.of(words).skip(1).filter(word -> !word.startsWith("--")).toList();
				assertThat(instruction).as("the build stage copies from the context only").doesNotContain("--from");
				copies.add(new Copy(args.subList(0, args.size() - 1), args.get(args.size() - 1)));
			} else if (keyword.equals("RUN")) {
				runs.add(instruction.substring(3).strip());
			}
		}
		return new BuildStage(copies, runs);
	}

	private static void copyContext(List<Copy> copies, Path workdir) throws IOException {
		for (Copy copy : copies) {
			for (String source : copy.sources()) {
				Path from = Path.of(source);
				assertThat(from).as("COPY source %s exists in the repository", source).exists();
				Path target = copy.destination().endsWith("/") && !Files.isDirectory(from)
						? workdir.resolve(copy.destination()).resolve(from.getFileName().toString())
						: workdir.resolve(copy.destination());
				copyTree(from, target.normalize());
			}
		}
	}

	private static void copyTree(Path from, Path to) throws IOException {
		if (!Files.isDirectory(from)) {
			Files.createDirectories(to.getParent());
			Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING);
			return;
		}
		Files.walkFileTree(from, new SimpleFileVisitor<>() {
			@Override
			public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
				Files.createDirectories(to.resolve(from.relativize(dir).toString()));
				return FileVisitResult.CONTINUE;
			}

			@Override
			public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
				Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
				return FileVisitResult.CONTINUE;
			}
		});
	}

	/** The same command, offline: the test machine's local repository stands in for the image's download. */
	private static String offline(String run) {
		assertThat(run).startsWith("./mvnw ");
		return "./mvnw -o " + run.substring("./mvnw ".length());
	}

	record Result(int exitCode, String output) {
		String tail() {
			return output.length() > 4000 ? output.substring(output.length() - 4000) : output;
		}
	}

	private static Result shell(Path workdir, String command, Duration timeout) throws Exception {
		Path log = Files.createTempFile("docker-recipe", ".log");
		Process process = new ProcessBuilder("bash", "-c", command)
				.directory(workdir.toFile())
				.redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
		if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			process.destroyForcibly();
			throw new AssertionError("timed out: " + command);
		}
		return new Result(process.exitValue(), Files.readString(log));
	}

	private static void awaitReadiness(FhirHttp http, Process process, Duration timeout, Path log) throws Exception {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (!process.isAlive()) {
				throw new AssertionError("server exited with " + process.exitValue() + ":\n" + tail(log));
			}
			try {
				FhirHttp.Response readiness = http.get("/actuator/health/readiness", "Accept", "application/json");
				if (readiness.status() == 200 && readiness.body().contains("\"UP\"")) {
					return;
				}
			} catch (IllegalStateException notListeningYet) {
				// connection refused until Jetty is up
			}
			Thread.sleep(500);
		}
		throw new AssertionError("not ready in " + timeout + ":\n" + tail(log));
	}

	private static String tail(Path log) throws IOException {
		String text = Files.readString(log);
		return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
	}

	private static void stop(Process process) throws InterruptedException {
		process.destroy();
		if (!process.waitFor(60, TimeUnit.SECONDS)) {
			process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		}
	}

	private static String javaBin() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
