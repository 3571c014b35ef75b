package io.msap.kubesim.store;

import io.msap.kubesim.api.ResourceType;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A registered watch: the store queues each event of its kind (and namespace) until the reader takes it. */
public final class Watch implements AutoCloseable {
    private final ObjectStore store;
    final ResourceType resource;
    final String namespace;
    private final LinkedBlockingQueue<StoreEvent> queue = new LinkedBlockingQueue<>();
    private volatile boolean closed;

    Watch(ObjectStore store, ResourceType resource, String namespace) {
        this.store = store;
        this.resource = resource;
        this.namespace = namespace;
    }

    void offer(StoreEvent event) {
        if (event.resource().equals(resource) && (namespace == null || namespace.equals(event.namespace()))) {
            queue.offer(event);
        }
    }

    /** The next event, or null after the timeout or once closed. */
    public StoreEvent next(long timeoutMillis) throws InterruptedException {
        if (closed) {
            return null;
        }
        return queue.poll(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
        store.unregister(this);
    }
}
