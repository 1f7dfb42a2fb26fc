package io.cronlog.devkube;

import io.fabric8.mockwebserver.crud.AttributeSet;

/**
 * One change to a stored object, as the CRUD store made it: the object's key and JSON before and
 * after (null when it did not exist) and the resource version the change produced.
 */
record Change(
    long resourceVersion,
    AttributeSet oldKey,
    String oldJson,
    AttributeSet newKey,
    String newJson) {}
