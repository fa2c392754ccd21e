package org.somaxis.platform;

import ca.uhn.fhir.i18n.HapiLocalizer;

/**
 * HAPI's messages, but for two of its answers to conditional writes that said what is not so: an update that created
 * its resource left its URL as an unfilled "{1}", and a create that found an existing resource named HAPI's internal
 * database key as "the resource created" (probe 63, P63-m1). Every other message is HAPI's.
 */
public final class ConditionalWriteMessages extends HapiLocalizer {
	private static final String STORAGE_DAO = "ca.uhn.fhir.jpa.dao.BaseStorageDao.";

	public ConditionalWriteMessages() {
		addMessage(STORAGE_DAO + "successfulUpdateConditionalNoMatch",
				"Successfully conditionally updated resource \"{0}\": no existing resource matched the URL, so it was created.");
		addMessage(STORAGE_DAO + "successfulCreateConditionalWithMatch",
				"Conditional create: an existing resource matched URL \"{1}\", so no resource was created.");
	}
}
