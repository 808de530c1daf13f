/* winnow batch: many pages at once (folders, WARC, JSONL) on every core,
 * JSONL out in input order.  See `winnow batch --help` and the README
 * ("Batch mode"). */
#ifndef WN_BATCH_H
#define WN_BATCH_H

/* argv[0] is "batch".  Returns the exit status: 0 every record was
 * handled (extracted, empty or skipped by policy), 1 some failed or the
 * output could not be written, 2 usage error. */
int winnow_batch_main(int argc, char **argv);

#endif
