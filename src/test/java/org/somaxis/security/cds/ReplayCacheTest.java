package org.somaxis.security.cds;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ReplayCacheTest {
	private final Instant now = Instant.parse("2026-12-01T12:00:00Z");

	@Test
	void anIdIsAcceptedOnce() {
		ReplayCache cache = new ReplayCache(10, Clock.fixed(now, ZoneOffset.UTC));

		assertThat(cache.firstUse("iss jti-1", now.plusSeconds(60))).isTrue();
		assertThat(cache.firstUse("iss jti-1", now.plusSeconds(60))).isFalse();
		assertThat(cache.firstUse("iss jti-2", now.plusSeconds(60))).isTrue();
	}

	@Test
	void whenFullOfLiveIds_newTokensAreRefused_andExpiredIdsMakeRoom() {
		ReplayCache full = new ReplayCache(2, Clock.fixed(now, ZoneOffset.UTC));
		full.firstUse("a", now.plusSeconds(60));
		full.firstUse("b", now.plusSeconds(60));

		assertThat(full.firstUse("c", now.plusSeconds(60))).isFalse();

		ReplayCache later = new ReplayCache(2, Clock.offset(Clock.fixed(now, ZoneOffset.UTC), Duration.ZERO));
		later.firstUse("a", now.minusSeconds(120));
		later.firstUse("b", now.minusSeconds(120));
		assertThat(later.firstUse("c", now.plusSeconds(60))).isTrue();
		assertThat(later.size()).isEqualTo(1);
	}
}
