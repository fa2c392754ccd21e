package org.somaxis.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Packs {@code profiles/} and {@code terminology/} into the FHIR NPM package {@code somaxis.fhir-<version>.tgz}
 * ({@code package/package.json}, {@code package/.index.json}, one file per resource).
 *
 * <p>The one place the package is made: the build runs {@link #main} in {@code prepare-package} on the project
 * folders, the server calls {@link #fromClasspath} on the same files copied to {@code somaxis-package/}. The
 * archive is deterministic (sorted entries, fixed times and owners, gzip without a time stamp), so both give the
 * same bytes and the same SHA-256.
 */
public final class PackageBuilder {
	public static final String PACKAGE_NAME = "somaxis.fhir";
	public static final String CANONICAL = "http://somaxis.org/fhir";
	public static final String CLASSPATH_ROOT = "somaxis-package";
	static final List<String> FOLDERS = List.of("profiles", "terminology");
	private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

	private PackageBuilder() {}

	/** One artefact file: its name (no folder) and its bytes as written in the repository. */
	public record PackageFile(String name, byte[] bytes) {}

	/** The packed archive. */
	public record FhirPackage(String version, byte[] bytes, String sha256, List<PackageFile> files) {
		public String fileName() {
			return PACKAGE_NAME + "-" + version + ".tgz";
		}
	}

	/** {@code PackageBuilder <projectRoot> <outputFolder> <version>}: writes {@code somaxis.fhir-<version>.tgz}. */
	public static void main(String[] args) throws IOException {
		Path root = Path.of(args.length > 0 ? args[0] : ".");
		Path outDir = Path.of(args.length > 1 ? args[1] : "target");
		String version = args.length > 2 ? args[2] : "0.1.0";
		FhirPackage fhirPackage = build(fromDirectories(root), version);
		Files.createDirectories(outDir);
		Path out = outDir.resolve(fhirPackage.fileName());
		Files.write(out, fhirPackage.bytes());
		System.out.println("FHIR package " + out + " (" + fhirPackage.files().size() + " resources, sha256 "
				+ fhirPackage.sha256() + ")");
	}

	/** The artefacts under {@code root/profiles} and {@code root/terminology}. */
	public static List<PackageFile> fromDirectories(Path root) {
		List<PackageFile> files = new ArrayList<>();
		for (String folder : FOLDERS) {
			Path dir = root.resolve(folder);
			if (!Files.isDirectory(dir)) {
				continue;
			}
			try (Stream<Path> paths = Files.list(dir)) {
				for (Path path : paths.filter(p -> p.getFileName().toString().endsWith(".json")).toList()) {
					files.add(new PackageFile(path.getFileName().toString(), Files.readAllBytes(path)));
				}
			} catch (IOException e) {
				throw new UncheckedIOException(e);
			}
		}
		return sorted(files);
	}

	/** The same artefacts, copied by the build to {@code somaxis-package/} on the classpath. */
	public static List<PackageFile> fromClasspath(ClassLoader classLoader) {
		PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver(classLoader);
		List<PackageFile> files = new ArrayList<>();
		try {
			for (String folder : FOLDERS) {
				for (Resource resource : resolver.getResources("classpath*:" + CLASSPATH_ROOT + "/" + folder + "/*.json")) {
					try (var in = resource.getInputStream()) {
						files.add(new PackageFile(resource.getFilename(), in.readAllBytes()));
					}
				}
			}
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		if (files.isEmpty()) {
			throw new IllegalStateException("No conformance artefacts on the classpath under " + CLASSPATH_ROOT + "/");
		}
		return sorted(files);
	}

	public static FhirPackage build(List<PackageFile> files, String version) {
		List<PackageFile> sorted = sorted(files);
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (GZIPOutputStream gzip = new GZIPOutputStream(bytes);
				TarArchiveOutputStream tar = new TarArchiveOutputStream(gzip, StandardCharsets.UTF_8.name())) {
			tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
			put(tar, "package/package.json", packageJson(version));
			put(tar, "package/.index.json", indexJson(sorted));
			for (PackageFile file : sorted) {
				put(tar, "package/" + file.name(), file.bytes());
			}
			tar.finish();
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		byte[] archive = bytes.toByteArray();
		return new FhirPackage(version, archive, sha256(archive), sorted);
	}

	public static String sha256(byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	static byte[] packageJson(String version) throws IOException {
		ObjectNode json = JSON.createObjectNode();
		json.put("name", PACKAGE_NAME);
		json.put("version", version);
		json.put("description", "Somaxis conformance artefacts (profiles and terminology) for growth-hormone-axis "
				+ "peptide therapy, FHIR R4");
		json.put("canonical", CANONICAL);
		json.put("url", CANONICAL);
		json.put("type", "fhir.ig");
		json.putArray("fhirVersions").add("4.0.1");
		// IPS 1.1.0 defines the absent-unknown codes of ValueSets ips-known-absent and ips-no-information (probe 54, P54-m8)
		json.putObject("dependencies").put("hl7.fhir.r4.core", "4.0.1").put("hl7.fhir.uv.ips", "1.1.0");
		json.put("author", "Somaxis");
		json.put("license", "CC0-1.0");
		return JSON.writeValueAsBytes(json);
	}

	static byte[] indexJson(List<PackageFile> files) throws IOException {
		ObjectNode index = JSON.createObjectNode();
		index.put("index-version", 1);
		ArrayNode entries = index.putArray("files");
		for (PackageFile file : files) {
			JsonNode resource = JSON.readTree(file.bytes());
			ObjectNode entry = entries.addObject();
			entry.put("filename", file.name());
			for (String field : List.of("resourceType", "id", "url", "version", "kind", "type")) {
				if (resource.hasNonNull(field)) {
					entry.put(field, resource.get(field).asText());
				}
			}
		}
		return JSON.writeValueAsBytes(index);
	}

	private static void put(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
		TarArchiveEntry entry = new TarArchiveEntry(name);
		entry.setSize(content.length);
		entry.setModTime(0L);
		entry.setMode(0100644);
		entry.setUserId(0);
		entry.setGroupId(0);
		entry.setUserName("");
		entry.setGroupName("");
		tar.putArchiveEntry(entry);
		tar.write(content);
		tar.closeArchiveEntry();
	}

	private static List<PackageFile> sorted(List<PackageFile> files) {
		return files.stream().sorted(Comparator.comparing(PackageFile::name)).toList();
	}
}
