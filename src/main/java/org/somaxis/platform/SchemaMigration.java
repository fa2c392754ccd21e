package org.somaxis.platform;

import ca.uhn.fhir.jpa.migrate.HapiMigrator;
import ca.uhn.fhir.jpa.migrate.MigrationResult;
import ca.uhn.fhir.jpa.migrate.SchemaMigrator;
import ca.uhn.fhir.jpa.migrate.tasks.HapiFhirJpaMigrationTasks;
import ca.uhn.fhir.util.VersionEnum;
import java.util.Collections;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates and upgrades the HAPI schema with HAPI's own migration tasks, the same ones its
 * {@code migrate-database} command runs. Hibernate never changes the schema ({@code hbm2ddl=none}).
 *
 * <p>On an empty database the first task loads HAPI's current schema script and marks the older tasks as
 * done, so a fresh install is fast. Later starts read the {@code FLY_HFJ_MIGRATION} table and run only
 * what is new.
 *
 * <p>Somaxis's own tables ({@link SomaxisMigrationTasks}) are migrated right after, by the same migrator in a
 * migration table of their own, so that no table is created by application code at startup.
 */
public final class SchemaMigration {
	private static final Logger log = LoggerFactory.getLogger(SchemaMigration.class);

	private final MigrationResult result;

	private SchemaMigration(MigrationResult result) {
		this.result = result;
	}

	public static SchemaMigration run(DataSource dataSource, DatabaseKind kind) {
		long start = System.nanoTime();
		HapiMigrator migrator =
				new HapiMigrator(SchemaMigrator.HAPI_FHIR_MIGRATION_TABLENAME, dataSource, kind.migrationDriver());
		migrator.addTasks(new HapiFhirJpaMigrationTasks(Collections.emptySet()).getAllTasks(VersionEnum.values()));
		migrator.createMigrationTableIfRequired();
		MigrationResult result = migrator.migrate();
		log.info(
				"Schema migration on {}: {} task(s) run, {} succeeded, {} failed, in {} ms",
				kind,
				result.executedStatements.size(),
				result.succeededTasks.size(),
				result.failedTasks.size(),
				(System.nanoTime() - start) / 1_000_000);
		if (!result.failedTasks.isEmpty()) {
			throw new IllegalStateException("Schema migration failed: " + result.failedTasks);
		}
		MigrationResult own = runSomaxisTasks(dataSource, kind);
		log.info("Somaxis schema migration: {} task(s) run", own.succeededTasks.size());
		return new SchemaMigration(result);
	}

	/** Somaxis's own tables only; fails on the first failed task. */
	public static MigrationResult runSomaxisTasks(DataSource dataSource, DatabaseKind kind) {
		HapiMigrator migrator = new HapiMigrator(SomaxisMigrationTasks.MIGRATION_TABLE, dataSource, kind.migrationDriver());
		migrator.addTasks(SomaxisMigrationTasks.all());
		migrator.createMigrationTableIfRequired();
		MigrationResult result = migrator.migrate();
		if (!result.failedTasks.isEmpty()) {
			throw new IllegalStateException("Somaxis schema migration failed: " + result.failedTasks);
		}
		return result;
	}

	public int tasksRun() {
		return result.succeededTasks.size();
	}
}
