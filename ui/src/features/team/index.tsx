// The Team page: whether this database belongs to a team, who is connected, this user's role,
// cursor and changes waiting to be pushed, and the proposals waiting for review (reviewers
// approve or reject them here; the server refuses anyone else).
import { signal } from "@preact/signals";
import { useEffect } from "preact/hooks";

import { teamStatus } from "../../app/store";
import { EmptyState } from "../../components/EmptyState";
import { commands, type TeamOverview, type TeamProposal } from "../../ipc/client";
import { formatCount, formatWhen } from "../../lib/format";
import { t } from "../../lib/i18n";
import { teamBadge } from "../../lib/team";
import { categoryName, roleName } from "../../lib/vocabulary";

const overview = signal<TeamOverview | null>(null);
const message = signal<string | null>(null);
const preferredChoice = signal<Record<string, string>>({});

async function load(): Promise<void> {
  try {
    overview.value = await commands.teamOverview();
  } catch (error) {
    message.value = (error as { message: string }).message;
  }
}

function english(proposal: TeamProposal) {
  return proposal.terms.filter((term) => !term.lang.startsWith("zh"));
}

async function review(proposal: TeamProposal, approve: boolean): Promise<void> {
  const preferred = approve ? (preferredChoice.value[proposal.teamId] ?? english(proposal)[0]?.text ?? null) : null;
  try {
    await commands.reviewTeamProposal(proposal.teamId, approve, preferred);
    message.value = null;
  } catch (error) {
    message.value = (error as { message: string }).message;
  }
  await load();
}

function Proposals(props: { proposals: TeamProposal[]; reviewer: boolean }) {
  const { proposals, reviewer } = props;
  return (
    <>
      <h3>{t("team.proposals", { count: formatCount(proposals.length) })}</h3>
      {!reviewer && <p class="hint">{t("team.reviewersOnly")}</p>}
      {proposals.length === 0 ? (
        <p id="team-no-proposals">{t("team.noProposals")}</p>
      ) : (
        <table class="grid" id="team-proposals">
          <thead>
            <tr>
              <th>{t("team.chinese")}</th>
              <th>{t("team.renderings")}</th>
              <th>{t("team.category")}</th>
              <th>{t("team.proposedBy")}</th>
              {reviewer && <th />}
            </tr>
          </thead>
          <tbody>
            {proposals.map((proposal) => (
              <tr key={proposal.teamId} data-team-id={proposal.teamId}>
                <td lang="zh">{proposal.terms.filter((term) => term.lang.startsWith("zh")).map((term) => term.text).join(" / ")}</td>
                <td>
                  {reviewer && english(proposal).length > 1 ? (
                    <select
                      class="proposal-preferred"
                      value={preferredChoice.value[proposal.teamId] ?? english(proposal)[0]?.text}
                      onChange={(event) => {
                        preferredChoice.value = { ...preferredChoice.value, [proposal.teamId]: (event.target as HTMLSelectElement).value };
                      }}
                    >
                      {english(proposal).map((term) => (
                        <option key={term.text} value={term.text}>
                          {term.text} ({formatCount(term.occurrences)})
                        </option>
                      ))}
                    </select>
                  ) : (
                    english(proposal)
                      .map((term) => `${term.text} (${formatCount(term.occurrences)})`)
                      .join(" / ")
                  )}
                </td>
                <td>{categoryName(proposal.category)}</td>
                <td>{proposal.proposedBy}</td>
                {reviewer && (
                  <td class="actions">
                    <button type="button" class="proposal-approve" onClick={() => void review(proposal, true)}>
                      {t("team.approve")}
                    </button>
                    <button type="button" class="proposal-reject" onClick={() => void review(proposal, false)}>
                      {t("team.reject")}
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

export function TeamView() {
  const status = teamStatus.value;
  const revision = status?.revision ?? 0;
  const connection = status?.connection ?? null;
  // Reload when the team's changes were applied here or the connection changed.
  useEffect(() => {
    void load();
  }, [revision, connection]);
  if (status === null) return <EmptyState title={t("team.title")} />;
  if (status.connection === "notJoined") {
    return (
      <section class="view" id="team-view">
        <h2>{t("team.title")}</h2>
        <p id="team-not-joined">
          <strong>{t("team.notJoined")}.</strong> {t("team.unboundHint")}
        </p>
        <code class="team-command">tessera team join http://SERVER:7878 --token TOKEN</code>
        <p class="hint">{t("team.unboundAfter")}</p>
      </section>
    );
  }
  const badge = teamBadge(status);
  const current = overview.value;
  const reviewer = status.role === "reviewer" || status.role === "admin";
  return (
    <section class="view" id="team-view">
      <div class="toolbar">
        <h2>{t("team.title")}</h2>
        <button type="button" id="team-refresh" onClick={() => void load()}>
          {t("team.refresh")}
        </button>
      </div>
      <dl class="team-facts" id="team-facts">
        <dt>{t("team.server")}</dt>
        <dd id="team-server">{status.server}</dd>
        <dt>{t("team.user")}</dt>
        <dd id="team-user">
          {status.user} ({roleName(status.role ?? "?")})
        </dd>
        <dt>{t("team.connection")}</dt>
        <dd id="team-connection" class={`status-team status-team-${badge.tone}`}>
          {t(badge.key, badge.params)}
          {status.problem !== null && status.connection !== "failed" && ` — ${status.problem}`}
        </dd>
        <dt>{t("team.cursor")}</dt>
        <dd id="team-cursor">{formatCount(status.cursor)}</dd>
        <dt>{t("team.pendingChanges")}</dt>
        <dd id="team-pending">{formatCount(status.pending)}</dd>
        <dt>{t("team.syncedAt")}</dt>
        <dd>{status.syncedAt === null ? t("team.never") : formatWhen(status.syncedAt)}</dd>
      </dl>
      {message.value !== null && <p class="status-error">{message.value}</p>}
      {current?.problem != null && <p class="status-error">{t("team.unreachable", { problem: current.problem })}</p>}
      {current !== null && current.problem === null && (
        <>
          <h3>{t("team.members")}</h3>
          <p class="hint">{t("team.membersHint", { seconds: current.presenceWindowSecs })}</p>
          <table class="grid" id="team-members">
            <thead>
              <tr>
                <th>{t("team.name")}</th>
                <th>{t("team.role")}</th>
                <th>{t("team.seen")}</th>
              </tr>
            </thead>
            <tbody>
              {current.members.map((member) => (
                <tr key={member.name} data-member={member.name}>
                  <td>{member.name}</td>
                  <td>{roleName(member.role)}</td>
                  <td>{t("team.secondsAgo", { seconds: member.secondsAgo })}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Proposals proposals={current.proposals} reviewer={reviewer} />
        </>
      )}
    </section>
  );
}
