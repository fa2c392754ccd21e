package org.somaxis.reliability;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.sql.DataSource;

/**
 * Looks at HAPI's tables directly, as the checks of RELIABILITY.md §8 require:
 *
 * <ul>
 *   <li>the <b>fingerprint</b>: row counts of the resource, version, link and index tables plus a SHA-256 over
 *       {@code HFJ_RESOURCE(RES_ID, RES_VER, RES_DELETED_AT)} and {@code HFJ_RES_VER(RES_ID, RES_VER)};
 *   <li>the <b>version invariant</b> (HAPI's own {@code TransactionReentrantUpdateR4Test}): per resource,
 *       {@code HFJ_RESOURCE.RES_VER} equals the newest {@code HFJ_RES_VER.RES_VER}, and the versions are 1..N
 *       without gaps or duplicates;
 *   <li><b>dangling links</b>: {@code HFJ_RES_LINK} rows whose target is missing or deleted.
 * </ul>
 */
final class StoreInvariants {
	private static final List<String> COUNTED_TABLES = List.of(
			"HFJ_RESOURCE", "HFJ_RES_VER", "HFJ_RES_LINK", "HFJ_SPIDX_STRING", "HFJ_SPIDX_TOKEN", "HFJ_SPIDX_DATE",
			"HFJ_SPIDX_QUANTITY", "HFJ_RES_TAG", "HFJ_IDX_CMP_STRING_UNIQ");

	/**
	 * The audit trail writes an AuditEvent for every request, refusals included (docs/security.md): those rows are the
	 * server working as designed, so the fingerprint leaves them out.
	 */
	private static final String NOT_AUDIT =
			" NOT IN (SELECT RES_ID FROM HFJ_RESOURCE WHERE RES_TYPE = 'AuditEvent')";

	private final DataSource dataSource;

	StoreInvariants(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	String fingerprint() {
		try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			StringBuilder counts = new StringBuilder();
			for (String table : COUNTED_TABLES) {
				String idColumn = table.equals("HFJ_RES_LINK") ? "SRC_RESOURCE_ID" : "RES_ID";
				try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table + " WHERE " + idColumn + NOT_AUDIT)) {
					rs.next();
					counts.append(table).append('=').append(rs.getLong(1)).append(';');
				}
			}
			digest.update(counts.toString().getBytes(StandardCharsets.UTF_8));
			try (ResultSet rs = s.executeQuery("SELECT RES_ID, RES_VER, RES_DELETED_AT FROM HFJ_RESOURCE WHERE RES_ID"
					+ NOT_AUDIT + " ORDER BY RES_ID")) {
				while (rs.next()) {
					digest.update((rs.getLong(1) + "/" + rs.getLong(2) + "/" + rs.getTimestamp(3) + ";")
							.getBytes(StandardCharsets.UTF_8));
				}
			}
			try (ResultSet rs = s.executeQuery("SELECT RES_ID, RES_VER FROM HFJ_RES_VER WHERE RES_ID" + NOT_AUDIT
					+ " ORDER BY RES_ID, RES_VER")) {
				while (rs.next()) {
					digest.update((rs.getLong(1) + "/" + rs.getLong(2) + ";").getBytes(StandardCharsets.UTF_8));
				}
			}
			return counts + HexFormat.of().formatHex(digest.digest());
		} catch (SQLException | NoSuchAlgorithmException e) {
			throw new IllegalStateException("Could not fingerprint the store", e);
		}
	}

	/** Resources (by RES_ID) that break the version invariant, each with what is wrong. */
	List<String> versionInvariantViolations() {
		List<String> problems = new ArrayList<>();
		String sql = "SELECT r.RES_ID, r.RES_VER, COUNT(v.RES_VER), MIN(v.RES_VER), MAX(v.RES_VER),"
				+ " COUNT(DISTINCT v.RES_VER) FROM HFJ_RESOURCE r LEFT JOIN HFJ_RES_VER v ON v.RES_ID = r.RES_ID"
				+ " GROUP BY r.RES_ID, r.RES_VER";
		try (Connection c = dataSource.getConnection();
				Statement s = c.createStatement();
				ResultSet rs = s.executeQuery(sql)) {
			while (rs.next()) {
				long id = rs.getLong(1);
				long current = rs.getLong(2);
				long rows = rs.getLong(3);
				long min = rs.getLong(4);
				long max = rs.getLong(5);
				long distinct = rs.getLong(6);
				if (current != max || min != 1 || rows != max || distinct != rows) {
					problems.add("RES_ID " + id + ": RES_VER " + current + ", history " + rows + " rows, versions "
							+ min + ".." + max + " (" + distinct + " distinct)");
				}
			}
		} catch (SQLException e) {
			throw new IllegalStateException("Could not check the version invariant", e);
		}
		return problems;
	}

	/** HFJ_RES_LINK rows whose local target resource is missing or deleted. */
	List<String> danglingLinks() {
		List<String> problems = new ArrayList<>();
		String sql = "SELECT l.SRC_RESOURCE_ID, l.SRC_PATH, l.TARGET_RESOURCE_ID FROM HFJ_RES_LINK l"
				+ " LEFT JOIN HFJ_RESOURCE t ON t.RES_ID = l.TARGET_RESOURCE_ID"
				+ " WHERE l.TARGET_RESOURCE_ID IS NOT NULL AND (t.RES_ID IS NULL OR t.RES_DELETED_AT IS NOT NULL)";
		try (Connection c = dataSource.getConnection();
				Statement s = c.createStatement();
				ResultSet rs = s.executeQuery(sql)) {
			while (rs.next()) {
				problems.add("RES_ID " + rs.getLong(1) + " " + rs.getString(2) + " -> RES_ID " + rs.getLong(3));
			}
		} catch (SQLException e) {
			throw new IllegalStateException("Could not check referential integrity", e);
		}
		return problems;
	}

	/** How many current (not deleted) resources carry the tag code (any system). */
	long countTagged(String tagCode) {
		String sql = "SELECT COUNT(DISTINCT t.RES_ID) FROM HFJ_RES_TAG t JOIN HFJ_TAG_DEF d ON d.TAG_ID = t.TAG_ID"
				+ " JOIN HFJ_RESOURCE r ON r.RES_ID = t.RES_ID WHERE d.TAG_CODE = ? AND r.RES_DELETED_AT IS NULL";
		try (Connection c = dataSource.getConnection(); var s = c.prepareStatement(sql)) {
			s.setString(1, tagCode);
			try (ResultSet rs = s.executeQuery()) {
				rs.next();
				return rs.getLong(1);
			}
		} catch (SQLException e) {
			throw new IllegalStateException("Could not count tagged resources", e);
		}
	}
}
