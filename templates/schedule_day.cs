<h1><?cs var:Lang.schedule.title ?>: <?cs var:Sched.Title ?></h1>
<?cs include:"notices.cs" ?>
<?cs include:"schedule_nav.cs" ?>
<form method="get" action="/<?cs var:Clinic.Slug ?>/staff/schedule" class="inline">
  <label for="day"><?cs var:Lang.schedule.day ?></label>
  <input id="day" name="day" type="date" value="<?cs var:Sched.Day ?>">
  <label for="view"><?cs var:Lang.schedule.view ?></label>
  <select id="view" name="view">
    <option value="day"><?cs var:Lang.schedule.one_day ?></option>
    <option value="week"<?cs if:Sched.Week ?> selected<?cs /if ?>><?cs var:Lang.schedule.one_week ?></option>
  </select>
  <?cs call:select_field("provider", Lang.appointment.provider, Lang.schedule.all_providers, Providers, Sched.Provider) ?>
  <?cs call:select_field("location", Lang.appointment.location, Lang.schedule.all_locations, Locations, Sched.Location) ?>
  <button type="submit"><?cs var:Lang.schedule.show ?></button>
</form>
<nav class="paging" aria-label="<?cs var:Lang.schedule.days ?>"><a href="<?cs var:Sched.Prev ?>"><?cs var:Lang.schedule.prev ?></a> <a href="<?cs var:Sched.Next ?>"><?cs var:Lang.schedule.next ?></a></nav>
<?cs if:Sched.TooMany ?><div class="notice" role="status"><p><?cs var:Sched.TooMany ?></p></div><?cs /if ?>
<?cs if:Sched.Count == "0" ?><p><?cs var:Lang.schedule.no_visits ?></p><?cs /if ?>
<?cs each:d = Days ?>
<section>
  <h2><?cs var:d.Label ?></h2>
  <table class="list">
    <thead><tr><th scope="col"><?cs var:Lang.schedule.col_time ?></th><th scope="col"><?cs var:Lang.schedule.col_patient ?></th><th scope="col"><?cs var:Lang.schedule.col_visit ?></th><th scope="col"><?cs var:Lang.schedule.col_status ?></th></tr></thead>
    <tbody>
    <?cs each:v = d.Visits ?>
      <tr>
        <td><?cs var:v.Time ?><br><span class="meta"><?cs var:v.Minutes ?> <?cs var:Lang.appointment.minutes ?></span></td>
        <td><a href="/<?cs var:Clinic.Slug ?>/staff/patients/<?cs var:v.PatientId ?>"><?cs var:v.Patient ?></a><br><span class="meta"><?cs var:Lang.staff.mrn ?> <?cs var:v.Mrn ?></span></td>
        <td><?cs var:v.Type ?><br><span class="meta"><?cs var:v.Provider ?> · <?cs if:v.Video ?><?cs var:Lang.home.video ?><?cs else ?><?cs var:v.Location ?><?cs /if ?></span></td>
        <td><?cs var:v.Status ?><?cs if:v.Confirmed ?><br><span class="tag"><?cs var:Lang.appointments.confirmed ?></span><?cs /if ?><?cs if:v.CheckedIn ?><br><span class="tag"><?cs var:Lang.appointments.checked_in ?></span><?cs /if ?>
          <form method="post" action="/<?cs var:Clinic.Slug ?>/staff/schedule/appointments/<?cs var:v.Id ?>/status" class="inline">
            <input type="hidden" name="csrf_token" value="<?cs var:Page.Csrf ?>">
            <input type="hidden" name="day" value="<?cs var:Sched.Day ?>">
            <?cs if:Sched.Week ?><input type="hidden" name="view" value="week"><?cs /if ?>
            <input type="hidden" name="provider" value="<?cs var:Sched.Provider ?>">
            <input type="hidden" name="location" value="<?cs var:Sched.Location ?>">
            <label for="status-<?cs var:v.Id ?>" class="visually-hidden"><?cs var:Lang.schedule.mark ?> <?cs var:v.Time ?> <?cs var:v.Patient ?></label>
            <select id="status-<?cs var:v.Id ?>" name="status">
              <option value="scheduled"<?cs if:v.StatusKey == "scheduled" ?> selected<?cs /if ?>><?cs var:Lang.appointment.status_scheduled ?></option>
              <option value="arrived"<?cs if:v.StatusKey == "arrived" ?> selected<?cs /if ?>><?cs var:Lang.appointment.status_arrived ?></option>
              <option value="no_show"<?cs if:v.StatusKey == "no_show" ?> selected<?cs /if ?>><?cs var:Lang.appointment.status_no_show ?></option>
              <option value="completed"<?cs if:v.StatusKey == "completed" ?> selected<?cs /if ?>><?cs var:Lang.appointment.status_completed ?></option>
            </select>
            <button type="submit" class="secondary"><?cs var:Lang.schedule.save ?></button>
          </form>
        </td>
      </tr>
    <?cs /each ?>
    </tbody>
  </table>
</section>
<?cs /each ?>
