/** The studio console's place in the shell; studios, plans and mini-games arrive with their issue. */
export default function StudioConsole() {
  return (
    <section className="card" aria-labelledby="studio-heading">
      <h1 id="studio-heading">Studio</h1>
      <p>
        Studios publish mini-games under a plan. This console is coming: studios, their API keys, plans and
        usage.
      </p>
    </section>
  );
}
