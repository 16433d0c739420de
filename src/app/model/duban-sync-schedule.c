/* duban-sync-schedule.c — when the desk syncs by itself
 *
 * One timeout at a time, re-armed after every sync, so a sync by hand
 * pushes the next scheduled one back and two never overlap. The back-off
 * doubles the interval per failed sync up to BACKOFF_CEILING_SECONDS (or
 * the interval, when that is longer): a platform down for the night is
 * asked a few times an hour, not every five minutes, and the first good
 * sync brings the interval back. A monotonic timeout does not count the
 * time the machine slept, hence logind's PrepareForSleep; GNetworkMonitor
 * says when a lost network is back.
 */
#define G_LOG_DOMAIN "duban-sync-schedule"

#include "config.h"

#include <glib/gi18n.h>

#include "duban-sync-schedule.h"

/* the network and the platform need a moment after waking up */
#define RESUME_DELAY_SECONDS     5
#define BACKOFF_CEILING_SECONDS  (30 * 60)

struct _DubanSyncSchedule
{
  GObject          parent_instance;

  GSettings       *settings;
  GDBusConnection *system_bus;
  GCancellable    *cancellable;
  GNetworkMonitor *network_monitor;
  guint            sleep_subscription;
  guint            timeout_source;
  guint            failures;
  guint            delay;

  guint            started : 1;
};

G_DEFINE_FINAL_TYPE (DubanSyncSchedule, duban_sync_schedule, G_TYPE_OBJECT)

enum {
  DUE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
duban_sync_schedule_has_platform (DubanSyncSchedule *self)
{
  g_autofree char *url = g_strstrip (g_settings_get_string (self->settings, "feed-url"));

  return url[0] != '\0';
}

static gboolean
timeout_cb (gpointer user_data)
{
  DubanSyncSchedule *self = DUBAN_SYNC_SCHEDULE (user_data);

  self->timeout_source = 0;
  g_debug ("Sync due (%u failed in a row)", self->failures);
  g_signal_emit (self, signals[DUE], 0);

  return G_SOURCE_REMOVE;
}

/* Plans the next sync @seconds from now (0: as soon as the main loop is
 * idle), or none when the desk syncs by hand only or has no platform. */
static void
duban_sync_schedule_arm (DubanSyncSchedule *self,
                         guint              seconds)
{
  g_assert (DUBAN_IS_SYNC_SCHEDULE (self));

  g_clear_handle_id (&self->timeout_source, g_source_remove);
  self->delay = 0;
  if (!self->started || g_settings_get_uint (self->settings, "sync-interval") == 0 ||
      !duban_sync_schedule_has_platform (self))
    return;

  self->delay = seconds;
  if (seconds == 0)
    self->timeout_source = g_idle_add (timeout_cb, self);
  else
    self->timeout_source = g_timeout_add_seconds (seconds, timeout_cb, self);
}

/* The interval, doubled per failure in a row, up to the ceiling. */
static guint
duban_sync_schedule_next_delay (DubanSyncSchedule *self)
{
  guint interval = g_settings_get_uint (self->settings, "sync-interval");
  guint64 delay = interval;
  guint ceiling = MAX (interval, BACKOFF_CEILING_SECONDS);

  for (guint i = 0; i < self->failures && delay < ceiling; i++)
    delay *= 2;
  return (guint) MIN (delay, ceiling);
}

static void
settings_changed_cb (DubanSyncSchedule *self,
                     const char        *key,
                     GSettings         *settings)
{
  g_assert (DUBAN_IS_SYNC_SCHEDULE (self));

  if (g_strcmp0 (key, "feed-url") == 0)
    {
      /* another platform: what the old one did says nothing of it */
      self->failures = 0;
      duban_sync_schedule_arm (self, 0);
    }
  else if (g_strcmp0 (key, "sync-interval") == 0)
    duban_sync_schedule_arm (self, duban_sync_schedule_next_delay (self));
}

static void
prepare_for_sleep_cb (GDBusConnection *connection,
                      const char      *sender_name,
                      const char      *object_path,
                      const char      *interface_name,
                      const char      *signal_name,
                      GVariant        *parameters,
                      gpointer         user_data)
{
  DubanSyncSchedule *self = DUBAN_SYNC_SCHEDULE (user_data);
  gboolean going_to_sleep = FALSE;

  if (!g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(b)")))
    return;
  g_variant_get (parameters, "(b)", &going_to_sleep);

  /* awake again: the tickets moved while the desk slept */
  if (!going_to_sleep && self->started)
    {
      g_debug ("Resumed from suspend: syncing soon");
      duban_sync_schedule_arm (self, RESUME_DELAY_SECONDS);
    }
}

static void
system_bus_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(DubanSyncSchedule) self = user_data;
  g_autoptr(GError) error = NULL;
  GDBusConnection *bus = g_bus_get_finish (result, &error);

  if (bus == NULL)
    {
      /* no system bus (a container, a test): no resume, the timer still runs */
      g_debug ("No system bus, no sync on resume: %s", error->message);
      return;
    }

  self->system_bus = bus;
  self->sleep_subscription =
    g_dbus_connection_signal_subscribe (bus, "org.freedesktop.login1", "org.freedesktop.login1.Manager",
                                        "PrepareForSleep", "/org/freedesktop/login1", NULL,
                                        G_DBUS_SIGNAL_FLAGS_NONE, prepare_for_sleep_cb, self, NULL);
}

static void
network_changed_cb (DubanSyncSchedule *self,
                    gboolean           available,
                    GNetworkMonitor   *monitor)
{
  g_assert (DUBAN_IS_SYNC_SCHEDULE (self));

  /* backing off because the network was gone, and it is back */
  if (available && self->started && self->failures > 0)
    {
      g_debug ("The network is back: syncing soon");
      duban_sync_schedule_arm (self, RESUME_DELAY_SECONDS);
    }
}

static void
duban_sync_schedule_dispose (GObject *object)
{
  DubanSyncSchedule *self = DUBAN_SYNC_SCHEDULE (object);

  duban_sync_schedule_stop (self);

  G_OBJECT_CLASS (duban_sync_schedule_parent_class)->dispose (object);
}

static void
duban_sync_schedule_finalize (GObject *object)
{
  DubanSyncSchedule *self = DUBAN_SYNC_SCHEDULE (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (duban_sync_schedule_parent_class)->finalize (object);
}

static void
duban_sync_schedule_class_init (DubanSyncScheduleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = duban_sync_schedule_dispose;
  object_class->finalize = duban_sync_schedule_finalize;

  /* Time to sync: the listener syncs and then calls
   * duban_sync_schedule_sync_ended(). */
  signals[DUE] =
    g_signal_new ("due",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
duban_sync_schedule_init (DubanSyncSchedule *self)
{
}

DubanSyncSchedule *
duban_sync_schedule_new (GSettings *settings)
{
  DubanSyncSchedule *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (DUBAN_TYPE_SYNC_SCHEDULE, NULL);
  self->settings = g_object_ref (settings);
  g_signal_connect_object (settings, "changed", G_CALLBACK (settings_changed_cb), self, G_CONNECT_SWAPPED);

  return self;
}

void
duban_sync_schedule_start (DubanSyncSchedule *self,
                           DubanTime          last_sync)
{
  guint interval;
  DubanTime now = duban_time_now ();

  g_return_if_fail (DUBAN_IS_SYNC_SCHEDULE (self));

  if (self->started)
    return;
  self->started = TRUE;

  self->cancellable = g_cancellable_new ();
  g_bus_get (G_BUS_TYPE_SYSTEM, self->cancellable, system_bus_cb, g_object_ref (self));
  self->network_monitor = g_object_ref (g_network_monitor_get_default ());
  g_signal_connect_object (self->network_monitor, "network-changed",
                           G_CALLBACK (network_changed_cb), self, G_CONNECT_SWAPPED);

  interval = g_settings_get_uint (self->settings, "sync-interval");
  if (last_sync == DUBAN_TIME_NONE || now - last_sync >= (DubanTime) interval * G_USEC_PER_SEC)
    duban_sync_schedule_arm (self, 0);
  else
    duban_sync_schedule_arm (self, (guint) (interval - (now - last_sync) / G_USEC_PER_SEC));
}

void
duban_sync_schedule_stop (DubanSyncSchedule *self)
{
  g_return_if_fail (DUBAN_IS_SYNC_SCHEDULE (self));

  self->started = FALSE;
  self->delay = 0;
  g_clear_handle_id (&self->timeout_source, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->system_bus != NULL && self->sleep_subscription != 0)
    g_dbus_connection_signal_unsubscribe (self->system_bus, self->sleep_subscription);
  self->sleep_subscription = 0;
  g_clear_object (&self->system_bus);
  if (self->network_monitor != NULL)
    g_signal_handlers_disconnect_by_data (self->network_monitor, self);
  g_clear_object (&self->network_monitor);
}

void
duban_sync_schedule_sync_ended (DubanSyncSchedule *self,
                                const GError      *error)
{
  g_return_if_fail (DUBAN_IS_SYNC_SCHEDULE (self));

  if (error == NULL)
    self->failures = 0;
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
           !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PENDING))
    self->failures++;

  duban_sync_schedule_arm (self, duban_sync_schedule_next_delay (self));
}

guint
duban_sync_schedule_get_failures (DubanSyncSchedule *self)
{
  g_return_val_if_fail (DUBAN_IS_SYNC_SCHEDULE (self), 0);

  return self->failures;
}

guint
duban_sync_schedule_get_delay (DubanSyncSchedule *self)
{
  g_return_val_if_fail (DUBAN_IS_SYNC_SCHEDULE (self), 0);

  return self->delay;
}
