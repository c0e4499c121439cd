<nav class="tabs" aria-label="<?cs var:Lang.schedule.sections ?>">
  <a href="/<?cs var:Clinic.Slug ?>/staff/schedule"><?cs var:Lang.schedule.title ?></a>
  <a href="/<?cs var:Clinic.Slug ?>/staff/schedule/requests"><?cs var:Lang.schedule.requests_title ?><?cs if:Sched.Requests ?> (<?cs var:Sched.Requests ?>)<?cs /if ?></a>
  <a href="/<?cs var:Clinic.Slug ?>/staff/schedule/checkins"><?cs var:Lang.schedule.checkins_title ?><?cs if:Sched.Checkins ?> (<?cs var:Sched.Checkins ?>)<?cs /if ?></a>
  <a href="/<?cs var:Clinic.Slug ?>/staff/schedule/hours"><?cs var:Lang.schedule.hours_title ?></a>
  <a href="/<?cs var:Clinic.Slug ?>/staff/schedule/exceptions"><?cs var:Lang.schedule.exceptions_title ?></a>
</nav>
