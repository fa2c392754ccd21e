package org.somaxis.faults;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Reads HAPI's tables directly after a fault: how many resources each tagged Bundle left behind, and the version
 * invariant (RELIABILITY.md §8: {@code HFJ_RESOURCE.RES_VER = max(HFJ_RES_VER.RES_VER)} per resource, versions
 * gapless 1..N).
 */
final class StoreAudit {
	/**
	 * @param acknowledgedUnaudited resources of acknowledged Bundles that no AuditEvent references (RELIABILITY.md §8
	 *     row 19: an acknowledged write must keep its audit record through a crash)
	 */
	record Outcome(int acknowledgedMissing, int partial, int committedUnanswered, int versionViolations, int tagsSeen,
			int acknowledgedUnaudited) {
		int violations(boolean acknowledgedMissingIsViolation, boolean committedUnansweredIsViolation) {
			return partial + versionViolations
					+ (acknowledgedMissingIsViolation ? acknowledgedMissing + acknowledgedUnaudited : 0)
					+ (committedUnansweredIsViolation ? committedUnanswered : 0);
		}
	}

	private StoreAudit() {}

	static Outcome audit(String jdbcUrl, String user, String password, TaggedIngest ingest) throws SQLException {
		try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password)) {
			Map<String, Integer> stored = new HashMap<>();
			try (PreparedStatement query = connection.prepareStatement(
					"SELECT d.TAG_CODE, COUNT(DISTINCT t.RES_ID) FROM HFJ_RES_TAG t JOIN HFJ_TAG_DEF d ON d.TAG_ID = t.TAG_ID"
							+ " WHERE d.TAG_SYSTEM = ? GROUP BY d.TAG_CODE")) {
				query.setString(1, TaggedIngest.TAG_SYSTEM);
				try (ResultSet rows = query.executeQuery()) {
					while (rows.next()) {
						stored.put(rows.getString(1), rows.getInt(2));
					}
				}
			}
			int acknowledgedMissing = 0;
			int partial = 0;
			int committedUnanswered = 0;
			for (Map.Entry<String, Integer> bundle : ingest.entries.entrySet()) {
				int found = stored.getOrDefault(bundle.getKey(), 0);
				int expected = bundle.getValue();
				if (found != 0 && found != expected) {
					partial++;
				}
				if (ingest.acknowledged.contains(bundle.getKey()) && found != expected) {
					acknowledgedMissing++;
				}
				if (ingest.unanswered.contains(bundle.getKey()) && found == expected) {
					committedUnanswered++;
				}
			}
			return new Outcome(acknowledgedMissing, partial, committedUnanswered, versionViolations(connection),
					stored.size(), unaudited(connection, ingest));
		}
	}

	/**
	 * Resources of acknowledged Bundles with no AuditEvent pointing at them. The write events (BALP, one per resource)
	 * name the resource in {@code AuditEvent.entity.what} by absolute URL ({@code [base]/Type/id/_history/n}), which HAPI
	 * keeps as a link with a target URL.
	 */
	private static int unaudited(Connection connection, TaggedIngest ingest) throws SQLException {
		Set<String> audited = new HashSet<>();
		try (Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SELECT TARGET_RESOURCE_URL FROM HFJ_RES_LINK"
						+ " WHERE SOURCE_RESOURCE_TYPE = 'AuditEvent' AND SRC_PATH = 'AuditEvent.entity.what'"
						+ " AND TARGET_RESOURCE_URL IS NOT NULL")) {
			while (rows.next()) {
				audited.add(typeAndId(rows.getString(1)));
			}
		}
		int unaudited = 0;
		try (PreparedStatement query = connection.prepareStatement(
				"SELECT d.TAG_CODE, r.RES_TYPE, r.FHIR_ID FROM HFJ_RES_TAG t JOIN HFJ_TAG_DEF d ON d.TAG_ID = t.TAG_ID"
						+ " JOIN HFJ_RESOURCE r ON r.RES_ID = t.RES_ID WHERE d.TAG_SYSTEM = ?")) {
			query.setString(1, TaggedIngest.TAG_SYSTEM);
			try (ResultSet rows = query.executeQuery()) {
				while (rows.next()) {
					if (ingest.acknowledged.contains(rows.getString(1))
							&& !audited.contains(rows.getString(2) + "/" + rows.getString(3))) {
						unaudited++;
					}
				}
			}
		}
		return unaudited;
	}

	/** {@code http://host/fhir/Observation/12/_history/1} to {@code Observation/12}. */
	private static String typeAndId(String url) {
		int history = url.indexOf("/_history/");
		String unversioned = history < 0 ? url : url.substring(0, history);
		int id = unversioned.lastIndexOf('/');
		int type = unversioned.lastIndexOf('/', id - 1);
		return unversioned.substring(type + 1);
	}

	private static int versionViolations(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			int violations = 0;
			try (ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM HFJ_RESOURCE r WHERE NOT EXISTS"
					+ " (SELECT 1 FROM HFJ_RES_VER v WHERE v.RES_ID = r.RES_ID AND v.RES_VER = r.RES_VER)"
					+ " OR EXISTS (SELECT 1 FROM HFJ_RES_VER v WHERE v.RES_ID = r.RES_ID AND v.RES_VER > r.RES_VER)")) {
				rows.next();
				violations += rows.getInt(1);
			}
			try (ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM (SELECT RES_ID FROM HFJ_RES_VER"
					+ " GROUP BY RES_ID HAVING COUNT(*) <> MAX(RES_VER) OR MIN(RES_VER) <> 1) gaps")) {
				rows.next();
				violations += rows.getInt(1);
			}
			return violations;
		}
	}
}
