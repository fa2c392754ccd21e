package org.somaxis.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.ResponseDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Test;

/**
 * A history or search answer's Bundle.meta.lastUpdated is the time up to which it has seen every write: the start of the
 * oldest write still in flight when the read began, or the read's own start. A poller that asks _since that time
 * misses nothing; HAPI gave the answer's time, and a transaction dated at its start and seen at its commit was lost
 * (probe 49, R49-C1).
 */
class WatermarksTest {
	private static final Instant T0 = Instant.parse("2026-12-06T21:11:00.375Z");

	private final MutableClock clock = new MutableClock(T0);
	private final Watermarks watermarks = new Watermarks(clock);

	@Test
	void aReadDuringAWrite_isWatermarkedAtTheWritesStart_andAfterItAtItsOwnStart() {
		SystemRequestDetails transaction = request(RestOperationTypeEnum.TRANSACTION);
		watermarks.started(transaction, RestOperationTypeEnum.TRANSACTION);
		clock.now = T0.plusSeconds(12);

		Bundle during = answer(RestOperationTypeEnum.HISTORY_TYPE);
		watermarks.completed(transaction, null);
		clock.now = T0.plusSeconds(13);
		Bundle after = answer(RestOperationTypeEnum.SEARCH_TYPE);

		assertThat(during.getMeta().getLastUpdated()).isEqualTo(Date.from(T0));
		assertThat(after.getMeta().getLastUpdated()).isEqualTo(Date.from(T0.plusSeconds(13)));
	}

	@Test
	void aReadOfOneResource_keepsItsAnswer() {
		SystemRequestDetails read = request(RestOperationTypeEnum.READ);
		watermarks.started(read, RestOperationTypeEnum.READ);
		Bundle unchanged = new Bundle();
		unchanged.getMeta().setLastUpdated(Date.from(T0.minusSeconds(5)));

		watermarks.watermark(read, new ResponseDetails(unchanged));

		assertThat(unchanged.getMeta().getLastUpdated()).isEqualTo(Date.from(T0.minusSeconds(5)));
	}

	private Bundle answer(RestOperationTypeEnum operation) {
		SystemRequestDetails read = request(operation);
		watermarks.started(read, operation);
		Bundle bundle = new Bundle();
		bundle.getMeta().setLastUpdated(Date.from(clock.instant()));
		watermarks.watermark(read, new ResponseDetails(bundle));
		return bundle;
	}

	private static SystemRequestDetails request(RestOperationTypeEnum operation) {
		SystemRequestDetails request = new SystemRequestDetails();
		request.setRestOperationType(operation);
		return request;
	}

	private static final class MutableClock extends Clock {
		private Instant now;

		MutableClock(Instant now) {
			this.now = now;
		}

		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return now;
		}
	}
}
