package dev.nala.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BlockingIndexTest {

    @Test
    void theFirstQueryDoesNotBlockThenEachFollowsTheLastIndex() {
        BlockingIndex index = new BlockingIndex();
        assertThat(index.toSend()).isZero();
        index.answered(42);
        assertThat(index.toSend()).isEqualTo(42);
        index.answered(42);
        assertThat(index.toSend()).isEqualTo(42);
        index.answered(57);
        assertThat(index.toSend()).isEqualTo(57);
    }

    @Test
    void anIndexThatGoesBackwardsStartsOverWithoutIndex() {
        BlockingIndex index = new BlockingIndex();
        index.answered(100);
        index.answered(40);
        assertThat(index.toSend()).isZero();
        index.answered(40);
        assertThat(index.toSend()).isEqualTo(40);
    }

    @Test
    void neverSendsAnIndexBelowOne() {
        BlockingIndex index = new BlockingIndex();
        index.answered(0);
        assertThat(index.toSend()).isEqualTo(1);
        index.answered(-7);
        assertThat(index.toSend()).isEqualTo(1);
        index.answered(5);
        index.answered(0);
        assertThat(index.toSend()).isZero();
        index.answered(0);
        assertThat(index.toSend()).isEqualTo(1);
    }

    @Test
    void afterAFailureTheNextQueryDoesNotBlockButTheIndexIsKeptForComparison() {
        BlockingIndex index = new BlockingIndex();
        index.answered(100);
        index.failed();
        assertThat(index.toSend()).isZero();
        index.answered(120);
        assertThat(index.toSend()).isEqualTo(120);
        index.failed();
        index.answered(90);
        assertThat(index.toSend()).as("went backwards across the outage").isZero();
    }
}
