from . import test_segment, test_campaign, test_replies, test_unsubscribe, test_campaign_tour
