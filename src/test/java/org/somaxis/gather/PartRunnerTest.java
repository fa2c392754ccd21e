package org.somaxis.gather;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The reads of one request run side by side when the pool has a free thread, and by the caller when it has none. */
class PartRunnerTest {
	private final List<ExecutorService> pools = new ArrayList<>();

	@AfterEach
	void stopPools() {
		pools.forEach(ExecutorService::shutdownNow);
	}

	/** A pool like the server's: it takes a read only when one of its threads is free. */
	private PartRunner pooled(int threads) {
		ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
				new SynchronousQueue<>());
		pools.add(pool);
		return new PartRunner(pool);
	}

	@Test
	void twoReads_runAtTheSameTime_whenThePoolHasAFreeThread() {
		CyclicBarrier both = new CyclicBarrier(2);
		Callable<String> meet = () -> {
			both.await(10, TimeUnit.SECONDS); // one after the other, the first would wait alone and time out
			return Thread.currentThread().getName();
		};

		List<String> threads = pooled(1).runAll(List.of(meet, meet));

		assertThat(threads.get(0)).isEqualTo(Thread.currentThread().getName());
		assertThat(threads.get(1)).isNotEqualTo(Thread.currentThread().getName());
	}

	@Test
	void results_comeBackInTheOrderOfTheReads_whoeverRanThem() {
		List<Callable<Integer>> reads = IntStream.range(0, 20)
				.<Callable<Integer>>mapToObj(i -> () -> {
					Thread.sleep(i % 3);
					return i;
				})
				.toList();

		assertThat(pooled(2).runAll(reads)).containsExactlyElementsOf(IntStream.range(0, 20).boxed().toList());
	}

	@Test
	void aPoolWithNoFreeThread_leavesEveryReadToTheCaller() throws Exception {
		ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 60, TimeUnit.SECONDS, new SynchronousQueue<>());
		pools.add(pool);
		CyclicBarrier started = new CyclicBarrier(2);
		CyclicBarrier release = new CyclicBarrier(2);
		pool.execute(() -> { // another request's read holds the pool's one thread
			try {
				started.await();
				release.await();
			} catch (Exception e) {
				throw new IllegalStateException(e);
			}
		});
		started.await(10, TimeUnit.SECONDS);

		List<String> threads = new PartRunner(pool).runAll(List.of(
				() -> Thread.currentThread().getName(), () -> Thread.currentThread().getName()));

		release.await(10, TimeUnit.SECONDS);
		assertThat(threads).containsOnly(Thread.currentThread().getName());
	}

	@Test
	void inline_runsEveryReadOnTheCallingThread() {
		List<String> threads = PartRunner.inline().runAll(List.of(
				() -> Thread.currentThread().getName(), () -> Thread.currentThread().getName()));

		assertThat(threads).containsOnly(Thread.currentThread().getName());
	}

	@Test
	void theFirstFailureInOrder_isThrown_afterEveryReadHasEnded() {
		List<Integer> ended = Collections.synchronizedList(new ArrayList<>());
		IllegalArgumentException first = new IllegalArgumentException("first");
		List<Callable<Integer>> reads = List.of(
				() -> {
					ended.add(0);
					return 0;
				},
				() -> {
					Thread.sleep(50);
					ended.add(1);
					throw first;
				},
				() -> {
					ended.add(2);
					throw new IllegalStateException("second");
				},
				() -> {
					Thread.sleep(100);
					ended.add(3);
					return 3;
				});

		assertThatThrownBy(() -> pooled(2).runAll(reads)).isSameAs(first);
		assertThat(ended).containsExactlyInAnyOrder(0, 1, 2, 3);
	}

	@Test
	void anError_isThrownAsItIs_andACheckedFailureIsWrapped() {
		AssertionError error = new AssertionError("a bug");
		assertThatThrownBy(() -> pooled(2).runAll(List.<Callable<Object>>of(() -> null, () -> {
			throw error;
		}))).isSameAs(error);

		Exception checked = new java.io.IOException("checked");
		assertThatThrownBy(() -> pooled(2).runAll(List.<Callable<Object>>of(() -> {
			throw checked;
		}))).isInstanceOf(IllegalStateException.class).hasCause(checked);
	}
}
