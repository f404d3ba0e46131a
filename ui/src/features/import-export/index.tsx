// The Import/Export view: bring past articles in through the native file dialog.
import { signal } from "@preact/signals";

import { refreshStats } from "../../app/store";
import { commands, pickArticleFiles, type FileReport } from "../../ipc/client";

const reports = signal<FileReport[]>([]);
const busy = signal(false);
const failure = signal<string | null>(null);

async function importChosenFiles(): Promise<void> {
  failure.value = null;
  const paths = await pickArticleFiles();
  if (paths.length === 0) return;
  busy.value = true;
  try {
    reports.value = await commands.importFiles(paths);
  } catch (error) {
    failure.value = (error as { message: string }).message;
  } finally {
    busy.value = false;
    await refreshStats();
  }
}

function describe(report: FileReport): string {
  if (report.problems.length > 0) {
    return report.problems
      .map((problem) =>
        problem.line === null ? problem.message : `line ${problem.line}, column ${problem.column ?? 1}: ${problem.message}`,
      )
      .join("; ");
  }
  if (report.alreadyImported) return `already imported, nothing changed (${report.unitsSkipped} units skipped)`;
  const review = report.lowConfidence > 0 ? `, ${report.lowConfidence} pairs to review` : "";
  return `${report.unitsAdded} units added, ${report.dropped.length} spans dropped${review}`;
}

export function ImportExportView() {
  return (
    <section class="view">
      <h2>Import past articles</h2>
      <p>Choose .txt, .html or .docx articles. The original text is always kept.</p>
      <button type="button" id="import-articles" disabled={busy.value} onClick={() => void importChosenFiles()}>
        {busy.value ? "Importing…" : "Import articles…"}
      </button>
      {failure.value !== null && <p class="status-error">{failure.value}</p>}
      {reports.value.length > 0 && (
        <table class="grid" id="import-report">
          <thead>
            <tr>
              <th>File</th>
              <th>Result</th>
            </tr>
          </thead>
          <tbody>
            {reports.value.map((report) => (
              <tr key={report.path} class={report.problems.length > 0 ? "row-problem" : ""}>
                <td>{report.path}</td>
                <td>
                  {describe(report)}
                  {report.dropped.length > 0 && (
                    <details>
                      <summary>Dropped text</summary>
                      <ul class="dropped">
                        {report.dropped.map((span, idx) => (
                          <li key={idx}>
                            <span class="drop-reason">{span.reason}</span> {span.text}
                          </li>
                        ))}
                      </ul>
                    </details>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
