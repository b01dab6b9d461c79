package org.givingstream.campaign.dashboard;

import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter.SseEventBuilder;

/**
 * One open stream with a bounded queue and a (virtual) thread of its own that writes to it: a viewer whose
 * connection stops taking data blocks only its own writer, never the push that serves everyone else. A viewer that
 * falls a whole queue behind is dropped and its slot freed at once; its browser reconnects and starts again from the
 * current summary.
 */
final class Viewer {

    /** Wakes a writer waiting for events so that it can finish. */
    private static final SseEventBuilder STOP = SseEmitter.event().comment("stop");

    private final SseEmitter emitter;
    private final BlockingQueue<SseEventBuilder> queue;
    private final Runnable onClosed;
    private final Runnable onDropped;
    private final AtomicBoolean closed = new AtomicBoolean();

    Viewer(SseEmitter emitter, int queueSize, Runnable onClosed, Runnable onDropped) {
        this.emitter = emitter;
        this.queue = new ArrayBlockingQueue<>(queueSize + 1); // + 1: room for STOP
        this.onClosed = onClosed;
        this.onDropped = onDropped;
        emitter.onCompletion(this::close);
        emitter.onTimeout(this::close);
        emitter.onError(failure -> close());
    }

    /** Starts the writer; call once the emitter has been handed to Spring MVC (events before are queued). */
    Viewer start() {
        Thread.ofVirtual().name("sse-viewer").start(this::write);
        return this;
    }

    SseEmitter emitter() {
        return emitter;
    }

    /** @return false when the viewer is gone, or was too far behind and has now been dropped */
    boolean offer(SseEventBuilder event) {
        if (closed.get()) {
            return false;
        }
        if (queue.remainingCapacity() <= 1 || !queue.offer(event)) {
            if (!closed.get()) {
                onDropped.run();
            }
            close(); // too slow: its writer is stuck on a connection that takes nothing
            return false;
        }
        return true;
    }

    /** Frees the slot and lets the writer finish; a writer stuck in a write finishes when that write fails. */
    void close() {
        if (closed.compareAndSet(false, true)) {
            queue.clear();
            queue.offer(STOP);
            onClosed.run();
        }
    }

    private void write() {
        try {
            while (!closed.get()) {
                SseEventBuilder event = queue.take();
                if (event == STOP) {
                    break;
                }
                emitter.send(event);
            }
            emitter.complete();
        } catch (IOException | IllegalStateException gone) {
            close();
            emitter.completeWithError(gone);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
